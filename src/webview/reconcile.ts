/**
 * Keyed updates of a list: when a task's proposal changes (a hunk arrives while the agent works),
 * the rows and hunks whose content did not change keep their elements — and so the focus, the
 * scroll and whatever the user opened — and only the changed ones are built again.
 */
import type { ViewDiffHunk, ViewFile, ViewHunk } from '../protocol/messages';

/** Same id and same text: the hunk's element can stay (its decision is updated apart). */
export function sameHunk(a: ViewHunk, b: ViewHunk): boolean {
  return a.id === b.id && sameDiff(a, b);
}

export function sameDiff(a: ViewDiffHunk, b: ViewDiffHunk): boolean {
  if (a.oldStart !== b.oldStart || a.oldLines !== b.oldLines || a.newStart !== b.newStart || a.newLines !== b.newLines) return false;
  if (a.lines.length !== b.lines.length) return false;
  for (let i = 0; i < a.lines.length; i++) if (a.lines[i] !== b.lines[i]) return false;
  return true;
}

/** A file's row shows its kind and counts; everything else of it is its hunks. */
export function sameFileHead(a: ViewFile, b: ViewFile): boolean {
  return a.path === b.path && a.kind === b.kind && a.added === b.added && a.removed === b.removed;
}

/** What to do with the items of a keyed list when the list changes. */
export interface KeyedPlan<K> {
  /** Keys present before and after whose item is unchanged. */
  readonly kept: ReadonlySet<K>;
  /** Keys present before and after whose item changed. */
  readonly changed: ReadonlySet<K>;
  /** Keys only before. */
  readonly removed: ReadonlySet<K>;
  /** Keys only after. */
  readonly added: ReadonlySet<K>;
}

export function planKeyed<K, T>(before: ReadonlyMap<K, T>, after: readonly T[], keyOf: (item: T) => K, same: (a: T, b: T) => boolean): KeyedPlan<K> {
  const kept = new Set<K>();
  const changed = new Set<K>();
  const added = new Set<K>();
  const seen = new Set<K>();
  for (const item of after) {
    const key = keyOf(item);
    seen.add(key);
    const old = before.get(key);
    if (old === undefined) added.add(key);
    else if (same(old, item)) kept.add(key);
    else changed.add(key);
  }
  const removed = new Set<K>();
  for (const key of before.keys()) if (!seen.has(key)) removed.add(key);
  return { kept, changed, removed, added };
}
