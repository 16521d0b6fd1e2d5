/**
 * What the user reviews: per task, per file, per hunk, with the decision that currently covers
 * each hunk. Derived from the run's projection only; the extension, the sidebar and the CLI all
 * read it from here.
 */
import { computeFileDiff, type Hunk } from '../changes/hunks';
import type { RunState } from '../run/reduce';
import type { ReviewDecision } from '../run/reviewEvents';
import { hunkDecision } from '../run/reviewState';
import type { TaskState } from '../run/taskState';

export type Verdict = ReviewDecision | 'mixed';

export interface ReviewHunk {
  readonly hunk: Hunk;
  readonly decision: ReviewDecision;
}

export interface ReviewFile {
  readonly taskId: string;
  readonly path: string;
  readonly kind: 'created' | 'modified' | 'deleted';
  readonly added: number;
  readonly removed: number;
  /** The text the task built on and its proposed text (undefined: absent). */
  readonly base: string | undefined;
  readonly proposed: string | undefined;
  readonly hunks: readonly ReviewHunk[];
  readonly verdict: Verdict;
}

export interface ReviewTask {
  readonly taskId: string;
  readonly role: string;
  readonly title: string;
  readonly files: readonly ReviewFile[];
  readonly verdict: Verdict;
}

export function verdictOf(decisions: readonly ReviewDecision[]): Verdict {
  const first = decisions[0];
  if (first === undefined) return 'undecided';
  return decisions.every((d) => d === first) ? first : 'mixed';
}

/** Files of one task with their hunks and decisions. */
export function reviewFiles(state: RunState, task: TaskState): ReviewFile[] {
  const taskId = task.task.id;
  return task.changes
    .map((c) => {
      const base = c.base ?? undefined;
      const proposed = c.content ?? undefined;
      const diff = computeFileDiff(c.path, base, proposed);
      const hunks = diff.hunks.map((hunk) => ({ hunk, decision: hunkDecision(state.review, taskId, c.path, hunk.id) }));
      return { taskId, path: c.path, kind: diff.kind, added: diff.added, removed: diff.removed, base, proposed, hunks, verdict: verdictOf(hunks.map((h) => h.decision)) };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Every task with a proposal, in the order the tasks settled (the order their changes layer in). */
export function reviewTree(state: RunState): ReviewTask[] {
  return state.settled.flatMap((taskId) => {
    const task = state.tasks[taskId];
    if (!task || task.changes.length === 0) return [];
    const files = reviewFiles(state, task);
    return [{ taskId, role: task.task.role, title: task.task.title, files, verdict: verdictOf(files.flatMap((f) => f.hunks.map((h) => h.decision))) }];
  });
}
