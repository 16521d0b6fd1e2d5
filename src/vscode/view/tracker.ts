/**
 * Remembers what the view was last sent and turns the next state into the smallest list of ops.
 * The run's state is immutable, so an unchanged part keeps its identity and costs one comparison:
 * a streamed tool call re-projects one task and sends one `activity` op; a decision re-reads the
 * decisions of cached hunks instead of diffing files again.
 */
import { reviewFiles, verdictOf } from '../../core/review/tree';
import type { RunState, UsageTotals } from '../../core/run/reduce';
import { hunkDecision, type ReviewState } from '../../core/run/reviewState';
import type { FileChangeRecord, TaskState, ToolActivity } from '../../core/run/taskState';
import { EMPTY_TESTS, type ViewFile, type ViewModel, type ViewOp, type ViewTask, type Verdict } from '../../protocol/messages';
import type { TestLoopState } from '../../core/run/testState';
import { projectActivity, projectFile, projectRun, projectTask, type ReviewCounts } from './project';
import { withRevisions } from './projectRevisions';
import type { RevisionState } from '../../core/run/revisionState';
import { projectTests, weakenedByTask } from './projectTests';
import { projectSelection, ReviewDiffCache, type SelectionView } from './projectSelection';
import type { TaskDecisionCounts } from '../../core/review/testedSelection';

interface TaskMemo {
  readonly source: TaskState;
  readonly usage: UsageTotals | undefined;
  readonly verdict: Verdict;
  readonly applied: boolean;
  readonly weakened: readonly string[] | undefined;
  readonly stoppedAt: number | undefined;
  readonly revisions: RevisionState;
  readonly view: ViewTask;
  readonly json: string;
}

interface FilesMemo {
  /** The proposal the files were diffed from; undefined while the task has nothing to review. */
  readonly changes: readonly FileChangeRecord[] | undefined;
  readonly review: ReviewState;
  readonly files: readonly ViewFile[];
}

const NO_FILES: readonly ViewFile[] = [];

export class ViewTracker {
  private runId: string | undefined;
  private runJson = '';
  private order: readonly string[] = [];
  private testsJson = '';
  private readonly tasks = new Map<string, TaskMemo>();
  private readonly activity = new Map<string, readonly ToolActivity[]>();
  private readonly files = new Map<string, FilesMemo>();
  private standingMemo: { readonly applies: ReviewState['applies']; readonly value: Standing } | undefined;
  private weakenedMemo: { readonly source: TestLoopState['weakened']; readonly value: ReadonlyMap<string, readonly string[]> } | undefined;
  private selectionMemo: { readonly key: readonly unknown[]; readonly value: SelectionView } | undefined;
  private readonly selectionDiffs = new ReviewDiffCache();

  /** The whole model; what follows is diffed against it. */
  snapshot(state: RunState | undefined, busy: boolean): ViewModel {
    // Forget everything sent before: the view that asks for a snapshot has nothing.
    this.runId = state?.runId;
    this.runJson = '';
    this.order = [];
    this.testsJson = '';
    this.tasks.clear();
    this.activity.clear();
    this.files.clear();
    if (!state) return { run: null, order: [], tasks: [], activity: {}, files: {}, tests: EMPTY_TESTS };
    const ops = this.diff(state, busy);
    const model: ViewModel = { run: null, order: [...this.order], tasks: [], activity: {}, files: {}, tests: EMPTY_TESTS };
    for (const op of ops) {
      if (op.op === 'run') model.run = op.run;
      else if (op.op === 'task') model.tasks.push(op.task);
      else if (op.op === 'activity') model.activity[op.taskId] = op.items;
      else if (op.op === 'files') model.files[op.taskId] = op.files;
      else if (op.op === 'tests') model.tests = op.tests;
    }
    return model;
  }

  /** Ops since the last snapshot or delta; undefined when the run changed and a snapshot is due. */
  delta(state: RunState | undefined, busy: boolean): ViewOp[] | undefined {
    if (state?.runId !== this.runId) return undefined;
    return state ? this.diff(state, busy) : [];
  }

  private diff(state: RunState, busy: boolean): ViewOp[] {
    const ops: ViewOp[] = [];
    const order = state.plan ? state.plan.tasks.map((t) => t.id) : [];
    const ids = new Set(order);
    const { hunks: written, tasks: applied } = this.standing(state.review.applies);
    const weakened = this.weakened(state.tests);
    const counts = { hunks: 0, accepted: 0, rejected: 0, undecided: 0, toApply: 0 };
    const byTask = new Map<string, TaskDecisionCounts>();
    // Nobody works on the run: a task the journal leaves running was interrupted where the run stopped.
    const stoppedAt = busy ? undefined : (state.clock.lastAt ?? state.finishedAt ?? 0);
    const fileOps: ViewOp[] = [];
    const taskOps: ViewOp[] = [];
    const activityOps: ViewOp[] = [];

    for (const id of order) {
      const t = state.tasks[id];
      if (!t) continue;
      const files = this.trackFiles(state, t, fileOps);
      countDecisions(id, files, written, counts);
      if (files.length > 0) byTask.set(id, taskCounts(files));
      const verdict = files.length === 0 ? 'none' : verdictOf(files.flatMap((f) => f.hunks.map((h) => h.decision)));
      const task = this.trackTask(t, state.usageByTask[id], verdict, applied.has(id), weakened.get(id), stoppedAt, state.revisions);
      if (task) taskOps.push({ op: 'task', task });
      const items = this.trackActivity(id, t.activity);
      if (items) activityOps.push({ op: 'activity', taskId: id, ...items });
    }

    const selection = this.selection(state, byTask);
    const projected = projectRun(state, busy, counts);
    const run = selection.dependencyWarnings.length === 0 ? projected : { ...projected, review: { ...projected.review, dependencyWarnings: [...selection.dependencyWarnings] } };
    const runJson = JSON.stringify(run);
    if (runJson !== this.runJson) {
      this.runJson = runJson;
      ops.push({ op: 'run', run });
    }
    ops.push(...taskOps);
    for (const id of [...this.tasks.keys()]) {
      if (ids.has(id)) continue;
      this.tasks.delete(id);
      this.activity.delete(id);
      this.files.delete(id);
      ops.push({ op: 'taskRemoved', taskId: id });
    }
    if (!sameIds(order, this.order)) {
      this.order = order;
      ops.push({ op: 'order', order });
    }
    ops.push(...activityOps, ...fileOps);
    const loop = projectTests(state.tests, state.tasks, busy);
    const tests = selection.selection ? { ...loop, selection: selection.selection } : loop;
    const testsJson = JSON.stringify(tests);
    if (testsJson !== this.testsJson) {
      this.testsJson = testsJson;
      ops.push({ op: 'tests', tests });
    }
    return ops;
  }

  /** Applies change only on apply and roll-back: recomputed then, not on every streamed event. */
  private standing(applies: ReviewState['applies']): Standing {
    if (this.standingMemo?.applies !== applies) this.standingMemo = { applies, value: standingHunks(applies) };
    return this.standingMemo.value;
  }

  /** The selection layers every accepted hunk: recomputed only when the review, the tests, the plan or a settled proposal changed. */
  private selection(state: RunState, counts: ReadonlyMap<string, TaskDecisionCounts>): SelectionView {
    const key = [state.review, state.tests, state.plan, state.settled, ...state.settled.map((id) => state.tasks[id]?.changes)];
    const memo = this.selectionMemo;
    if (!memo || memo.key.length !== key.length || memo.key.some((k, i) => k !== key[i])) this.selectionMemo = { key, value: projectSelection(state, counts, this.selectionDiffs) };
    return this.selectionMemo!.value;
  }

  /** Loosened tests by task: recomputed only when a fix loosened one. */
  private weakened(tests: TestLoopState): ReadonlyMap<string, readonly string[]> {
    if (this.weakenedMemo?.source !== tests.weakened) this.weakenedMemo = { source: tests.weakened, value: weakenedByTask(tests) };
    return this.weakenedMemo.value;
  }

  private trackTask(t: TaskState, usage: UsageTotals | undefined, verdict: Verdict, applied: boolean, weakened: readonly string[] | undefined, stoppedAt: number | undefined, revisions: RevisionState): ViewTask | undefined {
    const id = t.task.id;
    const memo = this.tasks.get(id);
    if (memo && memo.source === t && memo.usage === usage && memo.verdict === verdict && memo.applied === applied && memo.weakened === weakened && memo.stoppedAt === stoppedAt && memo.revisions === revisions) return undefined;
    const view = withRevisions(projectTask(t, usage, verdict, applied, weakened, stoppedAt), revisions);
    const json = JSON.stringify(view);
    this.tasks.set(id, { source: t, usage, verdict, applied, weakened, stoppedAt, revisions, view, json });
    return memo?.json === json ? undefined : view;
  }

  /** The transcript only grows while a task lives, so usually only its new lines are sent. */
  private trackActivity(id: string, next: readonly ToolActivity[]): { start: number; items: ReturnType<typeof projectActivity>[] } | undefined {
    const prev = this.activity.get(id);
    if (prev === next) return undefined;
    this.activity.set(id, next);
    const grew = prev !== undefined && next.length >= prev.length && (prev.length === 0 || next[prev.length - 1] === prev[prev.length - 1]);
    const start = grew ? prev.length : 0;
    if (grew && start === next.length) return undefined;
    return { start, items: next.slice(start).map(projectActivity) };
  }

  /** A settled task's files with decisions; pushes a `files` op or `decisions` ops when they changed. */
  private trackFiles(state: RunState, t: TaskState, ops: ViewOp[]): readonly ViewFile[] {
    const id = t.task.id;
    // What reviewTree lists: a task that settled with a proposal (its per-task part is reviewFiles).
    const changes = state.settled.includes(id) && t.changes.length > 0 ? t.changes : undefined;
    const memo = this.files.get(id);
    if (memo && memo.changes === changes) {
      if (memo.review === state.review || !changes) return memo.files;
      const files = memo.files.map((f) => redecide(state.review, id, f));
      files.forEach((f, i) => {
        if (f === memo.files[i]) return;
        ops.push({ op: 'decisions', taskId: id, path: f.path, verdict: f.verdict, hunks: Object.fromEntries(f.hunks.map((h) => [h.id, h.decision])) });
      });
      this.files.set(id, { changes, review: state.review, files });
      return files;
    }
    const files = changes ? reviewFiles(state, t).map(projectFile) : NO_FILES;
    this.files.set(id, { changes, review: state.review, files });
    if (memo || files.length > 0) ops.push({ op: 'files', taskId: id, files: [...files] });
    return files;
  }
}

function redecide(review: ReviewState, taskId: string, file: ViewFile): ViewFile {
  let changed = false;
  const hunks = file.hunks.map((h) => {
    const decision = hunkDecision(review, taskId, file.path, h.id);
    if (decision === h.decision) return h;
    changed = true;
    return { ...h, decision };
  });
  return changed ? { ...file, hunks, verdict: verdictOf(hunks.map((h) => h.decision)) } : file;
}

function taskCounts(files: readonly ViewFile[]): TaskDecisionCounts {
  let hunks = 0;
  let accepted = 0;
  let rejected = 0;
  for (const f of files) {
    for (const h of f.hunks) {
      hunks++;
      if (h.decision === 'accepted') accepted++;
      else if (h.decision === 'rejected') rejected++;
    }
  }
  return { hunks, accepted, rejected };
}

function countDecisions(taskId: string, files: readonly ViewFile[], written: ReadonlySet<string>, counts: { -readonly [K in keyof ReviewCounts]: number }): void {
  for (const f of files) {
    for (const h of f.hunks) {
      counts.hunks++;
      counts[h.decision]++;
      if (h.decision === 'accepted' && !written.has(hunkKey(taskId, f.path, h.id))) counts.toApply++;
    }
  }
}

/** What the applies that still stand (not rolled back) wrote: hunks as `hunkKey`s, and their tasks. */
interface Standing {
  readonly hunks: ReadonlySet<string>;
  readonly tasks: ReadonlySet<string>;
}

function standingHunks(applies: ReviewState['applies']): Standing {
  const hunks = new Set<string>();
  const tasks = new Set<string>();
  for (const a of applies) {
    if (a.rolledBack) continue;
    for (const h of a.hunks) {
      hunks.add(hunkKey(h.taskId, h.path, h.hunkId));
      tasks.add(h.taskId);
    }
  }
  return { hunks, tasks };
}

function hunkKey(taskId: string, path: string, hunkId: string): string {
  return `${taskId}\0${path}\0${hunkId}`;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
