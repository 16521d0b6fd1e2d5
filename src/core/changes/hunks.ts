/**
 * File diffs as hunks with stable ids, for review (accept / reject by hunk). A hunk's id hashes
 * its path and its removed and added lines, not its position, so it survives edits elsewhere in
 * the file.
 */
import { structuredPatch } from 'diff';

export interface Hunk {
  /** Stable id: hash of path + removed/added lines, "-2", "-3"… for identical hunks in order. */
  readonly id: string;
  /** jsdiff convention: oldStart - 1 is the 0-based index of the first old line (also when oldLines is 0). */
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  /** Prefixed '+', '-', ' ', or '\' for "\ No newline at end of file" after the line it marks. */
  readonly lines: readonly string[];
}

export interface FileDiff {
  readonly path: string;
  readonly kind: 'created' | 'modified' | 'deleted';
  readonly added: number;
  readonly removed: number;
  readonly hunks: readonly Hunk[];
}

const CONTEXT = 3;
export const NO_NEWLINE = '\\ No newline at end of file';

/** 48-bit FNV-1a-style pair of hashes as 12 hex chars (core has no node:crypto; ids only need to be stable). */
export function shortHash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  return (h1 >>> 0).toString(16).padStart(8, '0') + ((h2 >>> 0) & 0xffff).toString(16).padStart(4, '0');
}

export function computeFileDiff(path: string, before: string | undefined, after: string | undefined): FileDiff {
  const kind = before === undefined ? 'created' : after === undefined ? 'deleted' : 'modified';
  const patch = structuredPatch(path, path, before ?? '', after ?? '', undefined, undefined, { context: CONTEXT });
  const seen = new Map<string, number>();
  let added = 0;
  let removed = 0;
  const hunks = patch.hunks.map((h): Hunk => {
    const changed = h.lines.filter((l) => l[0] === '+' || l[0] === '-');
    added += changed.filter((l) => l[0] === '+').length;
    removed += changed.filter((l) => l[0] === '-').length;
    // The newline marker joins the hash only when it follows a changed line.
    const identity = h.lines.filter((l, i) => l[0] === '+' || l[0] === '-' || (l[0] === '\\' && h.lines[i - 1]?.[0] !== ' '));
    const base = shortHash(`${path}\0${identity.join('\n')}`);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { id: n === 1 ? base : `${base}-${n}`, oldStart: h.oldStart, oldLines: h.oldLines, newStart: h.newStart, newLines: h.newLines, lines: [...h.lines] };
  });
  return { path, kind, added, removed, hunks };
}

function range(start: number, count: number): string {
  // Unified format: an empty range names the line before it.
  const s = count === 0 ? start - 1 : start;
  return count === 1 ? `${s}` : `${s},${count}`;
}

/** Standard unified diff text; /dev/null stands for the missing side of a created or deleted file. */
export function unifiedDiff(diff: FileDiff): string {
  const out = [diff.kind === 'created' ? '--- /dev/null' : `--- a/${diff.path}`, diff.kind === 'deleted' ? '+++ /dev/null' : `+++ b/${diff.path}`];
  for (const h of diff.hunks) {
    out.push(`@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`, ...h.lines);
  }
  return out.join('\n') + '\n';
}

/** The lines of one side of a hunk, with terminators ('-' side = old, '+' side = new). */
function sideText(h: Hunk, drop: '+' | '-'): string {
  let text = '';
  for (let i = 0; i < h.lines.length; i++) {
    const line = h.lines[i]!;
    if (line[0] === drop || line[0] === '\\') continue;
    text += line.slice(1) + (h.lines[i + 1] === NO_NEWLINE ? '' : '\n');
  }
  return text;
}

/**
 * `before` with only the accepted hunks applied. Unaccepted hunks keep the old lines, taken
 * from `before` itself, so the result is exact whatever else changed around them.
 */
export function applySelectedHunks(before: string | undefined, diff: FileDiff, acceptedIds: ReadonlySet<string>): string {
  const text = before ?? '';
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  let out = '';
  let cursor = 0;
  for (const h of [...diff.hunks].sort((a, b) => a.oldStart - b.oldStart)) {
    const start = h.oldStart - 1 + (h.oldLines === 0 && h.oldStart === 0 ? 1 : 0);
    out += lines.slice(cursor, start).join('');
    out += acceptedIds.has(h.id) ? sideText(h, '-') : lines.slice(start, start + h.oldLines).join('');
    cursor = start + h.oldLines;
  }
  return out + lines.slice(cursor).join('');
}
