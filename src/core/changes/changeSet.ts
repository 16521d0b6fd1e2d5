/**
 * The in-memory overlay of proposed changes, per task and per file. Agents read the workspace
 * through it and write only into it; nothing here touches disk. The state is plain JSON so a
 * `proposal.updated` journal event can carry it and replay can restore it.
 */
import { z } from 'zod';
import { Emitter, type Disposable, type Event } from '../common/emitter';
import { SquadError } from '../common/errors';
import { layer, type FileChange } from './compose';
import { computeFileDiff, type FileDiff } from './hunks';
import { applyEdits, type AppliedEdit, type SearchReplace } from './match';
import type { MergeConflict } from './merge';

export type { FileChange } from './compose';

/** Reads the workspace version of a file; undefined when it does not exist. */
export type ReadBase = (path: string) => Promise<string | undefined>;

const FileChangeJSON = z.object({ base: z.string().nullable(), content: z.string().nullable() });
export const ChangeSetJSON = z.object({
  version: z.literal(1),
  tasks: z.record(z.string(), z.record(z.string(), FileChangeJSON)),
});
export type ChangeSetJSON = z.infer<typeof ChangeSetJSON>;

export interface ProposeResult {
  /** The diff of this call alone (before → after). */
  readonly diff: FileDiff;
  readonly applied: readonly AppliedEdit[];
}

export type RebaseReport = { readonly path: string; readonly ok: true } | { readonly path: string; readonly ok: false; readonly conflicts: readonly MergeConflict[] };

export interface OverlayView {
  readonly taskId: string;
  /** The workspace, plus the visible tasks' changes in order, plus this task's own. */
  read(path: string): Promise<string | undefined>;
  proposeEdit(path: string, edits: readonly SearchReplace[]): Promise<ProposeResult>;
  /** Refused when the file exists in this view. */
  createFile(path: string, content: string): Promise<FileDiff>;
  /** Refused when the file does not exist in this view. */
  deleteFile(path: string): Promise<FileDiff>;
  /** Paths changed by this task ('own') or by it and the tasks it sees ('visible'), sorted. */
  listChangedPaths(scope?: 'own' | 'visible'): string[];
}

export class ChangeSet implements Disposable {
  private readonly tasks = new Map<string, Map<string, FileChange>>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly changed = new Emitter<{ readonly taskId: string; readonly path: string }>();
  /** Fires after a task's change to a file is recorded, replaced or dropped. */
  readonly onDidChange: Event<{ readonly taskId: string; readonly path: string }> = this.changed.event;

  constructor(private readonly readBase: ReadBase) {}

  /** Restores a serialised state; throws 'journal/corrupt' when it is malformed. */
  static fromJSON(json: unknown, readBase: ReadBase): ChangeSet {
    const set = new ChangeSet(readBase);
    set.load(json);
    return set;
  }

  /** Replaces the state of every task present in `json` (others are kept). */
  load(json: unknown): void {
    const parsed = ChangeSetJSON.safeParse(json);
    if (!parsed.success) throw new SquadError('journal/corrupt', `Malformed change set: ${parsed.error.message}`);
    for (const [taskId, files] of Object.entries(parsed.data.tasks)) {
      const map = new Map<string, FileChange>();
      for (const [path, c] of Object.entries(files)) map.set(path, { base: c.base ?? undefined, content: c.content ?? undefined });
      this.tasks.set(taskId, map);
    }
  }

  /** The state of the given tasks (all when omitted) as plain JSON. */
  toJSON(taskIds?: readonly string[]): ChangeSetJSON {
    const tasks: ChangeSetJSON['tasks'] = {};
    for (const id of taskIds ?? [...this.tasks.keys()]) {
      const files: Record<string, z.infer<typeof FileChangeJSON>> = {};
      for (const [path, c] of this.tasks.get(id) ?? []) files[path] = { base: c.base ?? null, content: c.content ?? null };
      tasks[id] = files;
    }
    return { version: 1, tasks };
  }

  view(taskId: string, visibleTaskIds: readonly string[]): OverlayView {
    const visible = [...new Set(visibleTaskIds)].filter((id) => id !== taskId);
    const read = async (path: string): Promise<string | undefined> => {
      const own = this.tasks.get(taskId)?.get(path);
      return own ? own.content : this.compose(path, visible);
    };
    const refuse = (message: string): never => {
      throw new SquadError('edit/no_match', message);
    };
    return {
      taskId,
      read,
      proposeEdit: (path, edits) =>
        this.exclusive(taskId, async () => {
          const before = (await read(path)) ?? refuse(`${path} does not exist. Use create_file to create it.`);
          const { content, applied } = applyEdits(before, edits, path);
          this.record(taskId, path, before, content);
          return { diff: computeFileDiff(path, before, content), applied };
        }),
      createFile: (path, content) =>
        this.exclusive(taskId, async () => {
          if ((await read(path)) !== undefined) refuse(`${path} already exists. Use propose_edit to change it.`);
          this.record(taskId, path, undefined, content);
          return computeFileDiff(path, undefined, content);
        }),
      deleteFile: (path) =>
        this.exclusive(taskId, async () => {
          const before = (await read(path)) ?? refuse(`${path} does not exist, so it cannot be deleted.`);
          this.record(taskId, path, before, undefined);
          return computeFileDiff(path, before, undefined);
        }),
      listChangedPaths: (scope = 'visible') => {
        const ids = scope === 'own' ? [taskId] : [...visible, taskId];
        return [...new Set(ids.flatMap((id) => [...(this.tasks.get(id)?.keys() ?? [])]))].sort();
      },
    };
  }

  /** A copy of one task's changes. */
  changes(taskId: string): ReadonlyMap<string, FileChange> {
    return new Map(this.tasks.get(taskId) ?? []);
  }

  /** Each changed file of the task against the version that task built on, sorted by path. */
  fileDiffs(taskId: string): FileDiff[] {
    return [...(this.tasks.get(taskId) ?? [])]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([path, c]) => computeFileDiff(path, c.base, c.content));
  }

  /** Tasks with a change to the path, in the order they first changed anything. */
  tasksTouching(path: string): string[] {
    return [...this.tasks].filter(([, files]) => files.has(path)).map(([id]) => id);
  }

  /** Sets a task's change directly (accepted hunks, a revision); a change equal to its base is dropped. */
  put(taskId: string, path: string, change: FileChange): void {
    const files = this.tasks.get(taskId) ?? new Map<string, FileChange>();
    if (change.base === change.content) files.delete(path);
    else files.set(path, { base: change.base, content: change.content });
    if (files.size > 0 || this.tasks.has(taskId)) this.tasks.set(taskId, files);
    this.changed.fire({ taskId, path });
  }

  /** Drops a task's change to one file, or all its changes. */
  discard(taskId: string, path?: string): void {
    const files = this.tasks.get(taskId);
    if (!files) return;
    const paths = path === undefined ? [...files.keys()] : [path];
    for (const p of paths) if (files.delete(p)) this.changed.fire({ taskId, path: p });
  }

  /**
   * Rebases the task's changes onto the given tasks' versions (workspace + those tasks): each
   * file both touched is merged three-way; a conflicting file is left as it was and reported.
   */
  async rebase(taskId: string, ontoTaskIds: readonly string[]): Promise<RebaseReport[]> {
    const onto = ontoTaskIds.filter((id) => id !== taskId);
    return this.exclusive(taskId, async () => {
      const reports: RebaseReport[] = [];
      for (const [path, change] of [...(this.tasks.get(taskId) ?? [])]) {
        if (!onto.some((id) => this.tasks.get(id)?.has(path))) continue;
        const below = await this.compose(path, onto);
        const result = layer(below, change);
        if (!result.ok) {
          reports.push({ path, ok: false, conflicts: result.conflicts });
          continue;
        }
        this.put(taskId, path, { base: below, content: result.content });
        reports.push({ path, ok: true });
      }
      return reports;
    });
  }

  dispose(): void {
    this.changed.dispose();
  }

  /** The workspace version with the tasks' changes layered in order. */
  private async compose(path: string, taskIds: readonly string[]): Promise<string | undefined> {
    let current = await this.readBase(path);
    for (const id of taskIds) {
      const change = this.tasks.get(id)?.get(path);
      if (!change) continue;
      const result = layer(current, change);
      if (!result.ok) {
        const where = result.conflicts.map((c) => (c.endLine >= c.startLine ? `lines ${c.startLine}-${c.endLine}` : `near line ${c.startLine}`)).join(', ');
        throw new SquadError('changes/conflict', `${path}: the change of task ${id} conflicts with earlier changes (${where}); it must be rebased first.`);
      }
      current = result.content;
    }
    return current;
  }

  private record(taskId: string, path: string, builtOn: string | undefined, content: string | undefined): void {
    const own = this.tasks.get(taskId)?.get(path);
    this.put(taskId, path, { base: own ? own.base : builtOn, content });
  }

  /** Runs one write of a task at a time, so concurrent tool calls cannot lose each other's edits. */
  private exclusive<T>(taskId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(taskId) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    this.queues.set(taskId, next.catch(() => undefined));
    return next;
  }
}
