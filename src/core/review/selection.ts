/**
 * The files an apply writes: for each path, the workspace text the first task read, then each
 * task's ACCEPTED hunks layered in settling order (a partly accepted change is merged three-way
 * onto what is below it). A hunk that cannot be layered is reported, never guessed.
 */
import { layer } from '../changes/compose';
import { applySelectedHunks } from '../changes/hunks';
import type { FinalFile } from '../changes/final';
import type { RunState } from '../run/reduce';
import { reviewTree, type ReviewFile, type ReviewTask } from './tree';

export interface SelectionConflict {
  readonly path: string;
  readonly taskId: string;
  readonly lines: string;
}

export interface Selection {
  readonly files: readonly FinalFile[];
  /** Every accepted hunk that the selection writes. */
  readonly hunks: readonly { readonly taskId: string; readonly path: string; readonly hunkId: string }[];
  readonly conflicts: readonly SelectionConflict[];
}

/** `tree`: the review tree when the caller has it already (diffs cached); by default built from the state. */
export function acceptedSelection(state: RunState, tree: readonly ReviewTask[] = reviewTree(state)): Selection {
  const byPath = new Map<string, ReviewFile[]>();
  for (const task of tree) for (const file of task.files) byPath.set(file.path, [...(byPath.get(file.path) ?? []), file]);

  const files: FinalFile[] = [];
  const hunks: { taskId: string; path: string; hunkId: string }[] = [];
  const conflicts: SelectionConflict[] = [];
  for (const [path, layers] of [...byPath].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const original = layers[0]?.base;
    let current = original;
    for (const file of layers) {
      const accepted = file.hunks.filter((h) => h.decision === 'accepted');
      if (accepted.length === 0) continue;
      const all = accepted.length === file.hunks.length;
      const partial = all ? file.proposed : applySelectedHunks(file.base, { path, kind: file.kind, added: file.added, removed: file.removed, hunks: file.hunks.map((h) => h.hunk) }, new Set(accepted.map((h) => h.hunk.id)));
      // A deleted file whose deletion is accepted is gone; partly accepting a deletion keeps a file.
      const result = layer(current, { base: file.base, content: file.kind === 'deleted' && all ? undefined : partial });
      if (!result.ok) {
        conflicts.push({ path, taskId: file.taskId, lines: result.conflicts.map((c) => `lines ${c.startLine}-${c.endLine}`).join(', ') });
        continue;
      }
      current = result.content;
      hunks.push(...accepted.map((h) => ({ taskId: file.taskId, path, hunkId: h.hunk.id })));
    }
    if (current !== original) files.push({ path, original, content: current });
  }
  return { files, hunks, conflicts };
}
