/** The workspace's apply history as the sidebar's Applies list shows it (core/review/applyHistory.ts). Pure. */
import { oneLine } from '../../core/common/text';
import { refusalOf, type ApplyEntry } from '../../core/review/applyHistory';
import type { ViewApplyEntry } from '../../protocol/messages';

/** Squad keeps 20 checkpoints by default; older applies are listed up to this many. */
export const MAX_LISTED_APPLIES = 30;

/** `kept`: the checkpoint ids this workspace's store still holds. */
export function projectApplies(history: readonly ApplyEntry[], kept: ReadonlySet<string>): ViewApplyEntry[] {
  return history.slice(0, MAX_LISTED_APPLIES).map((h) => {
    const refusal = h.rolledBack || !kept.has(h.checkpointId) ? undefined : refusalOf(history, h);
    const state = h.rolledBack ? 'rolledBack' : !kept.has(h.checkpointId) ? 'gone' : refusal ? 'blocked' : 'standing';
    return { checkpointId: h.checkpointId, request: oneLine(h.request, 120), at: h.at, files: h.files.map((f) => f.path), state, ...(refusal ? { note: refusal } : {}) };
  });
}
