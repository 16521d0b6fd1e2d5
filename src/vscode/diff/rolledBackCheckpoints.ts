/**
 * A roll-back in the editor can itself be undone: one Undo brings the apply back, and rolling it
 * back again needs its checkpoint. So a rolled-back apply's checkpoint is kept while the window
 * that could undo the roll-back is open, and removed at the next start (the undo stack does not
 * outlive the window). The ids wait in the workspace state. No `vscode` import: tested as is.
 */
import type { RunEvent } from '../../core/run/events';

export const ROLLED_BACK_KEY = 'squad.rolledBackCheckpoints';

/** The slice of `vscode.Memento` this needs. */
export interface StateStore {
  get<T>(key: string, defaultValue: T): T;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface CheckpointRemover {
  remove(id: string): Promise<void>;
}

/** Follows the run's events: a roll-back queues its checkpoint for removal, an apply (a Redo) takes it back. */
export async function noteRollBacks(state: StateStore, event: RunEvent): Promise<void> {
  if (event.type !== 'changes.rolledBack' && event.type !== 'changes.applied') return;
  const pending = new Set(state.get<string[]>(ROLLED_BACK_KEY, []));
  const before = pending.size;
  if (event.type === 'changes.rolledBack') pending.add(event.checkpointId);
  else pending.delete(event.checkpointId);
  if (pending.size !== before) await state.update(ROLLED_BACK_KEY, [...pending]);
}

/** At start: removes the checkpoints of applies rolled back in an earlier window; returns what it could not remove. */
export async function removeRolledBack(state: StateStore, storeOf: () => CheckpointRemover | undefined): Promise<string[]> {
  const pending = state.get<string[]>(ROLLED_BACK_KEY, []);
  const store = pending.length === 0 ? undefined : storeOf();
  if (!store) return [];
  const failed: string[] = [];
  for (const id of pending) {
    await store.remove(id).catch(() => failed.push(id));
  }
  await state.update(ROLLED_BACK_KEY, failed);
  return failed;
}
