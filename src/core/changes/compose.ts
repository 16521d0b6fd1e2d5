/**
 * Layering task changes over each other. A change records the version it was built on; when
 * the version below it is still that one it simply wins, otherwise its change is merged onto
 * what is below (three-way), and overlapping changes are conflicts.
 */
import { merge3, type MergeConflict } from './merge';

export interface FileChange {
  /** What the task built on (undefined: the file did not exist). */
  readonly base: string | undefined;
  /** The task's version (undefined: the task deletes the file). */
  readonly content: string | undefined;
}

export type LayerResult = { readonly ok: true; readonly content: string | undefined } | { readonly ok: false; readonly conflicts: readonly MergeConflict[] };

function wholeFileConflict(base: string | undefined, ours: string | undefined, theirs: string | undefined): LayerResult {
  const lines = (s: string | undefined): number => (s === undefined || s === '' ? 0 : s.split('\n').length);
  return {
    ok: false,
    conflicts: [{ startLine: 1, endLine: lines(ours), base: base ?? '', ours: ours ?? '(no file)', theirs: theirs ?? '(file deleted)' }],
  };
}

/** The change put on top of `below` (the current version beneath it). */
export function layer(below: string | undefined, change: FileChange): LayerResult {
  if (change.base === below || change.content === below) return { ok: true, content: change.content };
  if (change.base === undefined || change.content === undefined || below === undefined) {
    // Created twice differently, deleted under a change, or changed under a deletion.
    return wholeFileConflict(change.base, below, change.content);
  }
  const merged = merge3(change.base, below, change.content);
  return merged.ok ? { ok: true, content: merged.content } : merged;
}
