/** Where one proposed file of a task stands, in the word its diff tab's title ends with. Pure. */
import { reviewFiles } from '../../core/review/tree';
import type { RunState } from '../../core/run/reduce';

export type DiffStatus = 'proposed' | 'accepted' | 'partly accepted' | 'rejected' | 'applied' | 'partly applied';

export function diffStatus(state: RunState, taskId: string, path: string): DiffStatus {
  const task = state.tasks[taskId];
  const file = task ? reviewFiles(state, task).find((f) => f.path === path) : undefined;
  if (!file) return 'proposed';
  // An apply that was rolled back no longer counts: the file is back to being a proposal.
  const applied = new Set(state.review.applies.filter((a) => !a.rolledBack).flatMap((a) => a.hunks.filter((h) => h.taskId === taskId && h.path === path).map((h) => h.hunkId)));
  if (applied.size > 0) return file.hunks.every((h) => applied.has(h.hunk.id) || h.decision === 'rejected') ? 'applied' : 'partly applied';
  switch (file.verdict) {
    case 'accepted':
      return 'accepted';
    case 'rejected':
      return 'rejected';
    case 'mixed':
      return file.hunks.some((h) => h.decision === 'accepted') ? 'partly accepted' : 'proposed';
    default:
      return 'proposed';
  }
}
