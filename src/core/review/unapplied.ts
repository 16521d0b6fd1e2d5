/**
 * How many accepted hunks no standing apply has written yet: the user's decisions that a new
 * run would leave behind (the active run changes, and with it what the review shows). Pure.
 */
import type { RunState } from '../run/reduce';
import { reviewTree } from './tree';

export function unappliedAcceptedHunks(state: RunState): number {
  const written = new Set<string>();
  for (const apply of state.review.applies) {
    if (apply.rolledBack) continue;
    for (const h of apply.hunks) written.add(key(h.taskId, h.path, h.hunkId));
  }
  let count = 0;
  for (const task of reviewTree(state)) {
    for (const file of task.files) {
      for (const h of file.hunks) if (h.decision === 'accepted' && !written.has(key(task.taskId, file.path, h.hunk.id))) count++;
    }
  }
  return count;
}

const key = (taskId: string, path: string, hunkId: string) => `${taskId}\u0000${path}\u0000${hunkId}`;
