/**
 * The view's model: the last snapshot with every op applied since. No DOM here; `apply` reports
 * what changed so the renderer touches only those elements. Several messages of one animation
 * frame fold into one `Changes`.
 */
import { describeRaw, EMPTY_TESTS, parseToWebview, type ToWebview, type ViewActivity, type ViewApplyEntry, type ViewFile, type ViewOp, type ViewRun, type ViewTask, type ViewTests } from '../protocol/messages';

export interface Changes {
  /** A snapshot arrived: everything is new. */
  all: boolean;
  run: boolean;
  order: boolean;
  tests: boolean;
  recent: boolean;
  /** The workspace's apply history. */
  applies: boolean;
  /** Tasks whose row changed (added or replaced). */
  readonly tasks: Set<string>;
  readonly removed: Set<string>;
  /** Task id → first transcript index that changed. */
  readonly activity: Map<string, number>;
  /** Tasks whose whole file list changed. */
  readonly files: Set<string>;
  /** Task id → paths whose decisions changed. */
  readonly decisions: Map<string, Set<string>>;
}

export function noChanges(): Changes {
  return { all: false, run: false, order: false, tests: false, recent: false, applies: false, tasks: new Set(), removed: new Set(), activity: new Map(), files: new Set(), decisions: new Map() };
}

export function isEmpty(c: Changes): boolean {
  return !c.all && !c.run && !c.order && !c.tests && !c.recent && !c.applies && c.tasks.size === 0 && c.removed.size === 0 && c.activity.size === 0 && c.files.size === 0 && c.decisions.size === 0;
}

/** 'resync': a patch for another run than the model's arrived; the view asks for a snapshot. */
export type ApplyResult = 'ok' | 'resync' | 'ignored';

export class ViewStore {
  run: ViewRun | null = null;
  order: string[] = [];
  readonly tasks = new Map<string, ViewTask>();
  readonly activity = new Map<string, ViewActivity[]>();
  readonly files = new Map<string, ViewFile[]>();
  tests: ViewTests = EMPTY_TESTS;
  recent: string[] = [];
  applies: ViewApplyEntry[] = [];

  apply(msg: ToWebview, changes: Changes): ApplyResult {
    switch (msg.type) {
      case 'snapshot': {
        const m = msg.model;
        this.run = m.run;
        this.order = m.order;
        this.tasks.clear();
        for (const t of m.tasks) this.tasks.set(t.id, t);
        this.activity.clear();
        for (const [id, items] of Object.entries(m.activity)) this.activity.set(id, items);
        this.files.clear();
        for (const [id, files] of Object.entries(m.files)) this.files.set(id, files);
        this.tests = m.tests;
        this.recent = msg.recent;
        changes.all = true;
        return 'ok';
      }
      case 'recent':
        this.recent = msg.requests;
        changes.recent = true;
        return 'ok';
      case 'applies':
        this.applies = msg.applies;
        changes.applies = true;
        return 'ok';
      case 'patch':
        if (this.run?.runId !== msg.runId) return 'resync';
        for (const op of msg.ops) this.applyOp(op, changes);
        return 'ok';
      case 'notice':
        return 'ignored';
    }
  }

  private applyOp(op: ViewOp, c: Changes): void {
    switch (op.op) {
      case 'run':
        this.run = op.run;
        c.run = true;
        return;
      case 'order':
        this.order = op.order;
        c.order = true;
        return;
      case 'task':
        this.tasks.set(op.task.id, op.task);
        c.tasks.add(op.task.id);
        c.removed.delete(op.task.id);
        return;
      case 'taskRemoved':
        this.tasks.delete(op.taskId);
        this.activity.delete(op.taskId);
        this.files.delete(op.taskId);
        c.removed.add(op.taskId);
        c.tasks.delete(op.taskId);
        return;
      case 'activity': {
        const items = this.activity.get(op.taskId) ?? [];
        const start = Math.min(op.start, items.length);
        items.length = start;
        items.push(...op.items);
        this.activity.set(op.taskId, items);
        c.activity.set(op.taskId, Math.min(c.activity.get(op.taskId) ?? start, start));
        return;
      }
      case 'files':
        this.files.set(op.taskId, op.files);
        c.files.add(op.taskId);
        return;
      case 'decisions': {
        const file = this.files.get(op.taskId)?.find((f) => f.path === op.path);
        if (!file) return;
        file.verdict = op.verdict;
        for (const h of file.hunks) h.decision = op.hunks[h.id] ?? h.decision;
        const paths = c.decisions.get(op.taskId) ?? new Set<string>();
        paths.add(op.path);
        c.decisions.set(op.taskId, paths);
        return;
      }
      case 'tests':
        this.tests = op.tests;
        c.tests = true;
        return;
    }
  }

  /** Files, hunks and +/− of a task's reviewable proposal. */
  filesOf(taskId: string): readonly ViewFile[] {
    return this.files.get(taskId) ?? [];
  }
}

export interface Batch {
  readonly changes: Changes;
  readonly notices: readonly Extract<ToWebview, { type: 'notice' }>[];
  /** A patch did not fit the model: the view should ask for a snapshot. */
  readonly resync: boolean;
  /** One log line per message that did not parse (it was dropped, nothing of it applied). */
  readonly dropped: readonly string[];
}

/** Parses each raw message of a frame and applies the good ones to the store. */
export function applyBatch(store: ViewStore, batch: readonly unknown[]): Batch {
  const changes = noChanges();
  const notices: Extract<ToWebview, { type: 'notice' }>[] = [];
  const dropped: string[] = [];
  let resync = false;
  for (const raw of batch) {
    const parsed = parseToWebview(raw);
    if (!parsed.ok) {
      dropped.push(`dropped a malformed message (${describeRaw(raw)}): ${parsed.problems}`);
      continue;
    }
    if (parsed.message.type === 'notice') notices.push(parsed.message);
    else if (store.apply(parsed.message, changes) === 'resync') resync = true;
  }
  return { changes, notices, resync, dropped };
}
