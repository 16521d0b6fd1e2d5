/**
 * Line-based three-way merge (diff3). Rebasing a later proposal onto an earlier one, and
 * applying a model's search→replace onto a file region that drifted, are both "apply the change
 * base→theirs onto ours": changes on one side merge, identical changes merge, overlapping
 * different changes are reported as conflicts and never resolved by guessing.
 */
import { diffArrays } from 'diff';
import { detectEol, lineTable, type Eol } from './text';

export type RegionKind = 'unchanged' | 'ours' | 'theirs' | 'same' | 'conflict';

/** Half-open index ranges into the three line arrays. */
export interface Diff3Region {
  readonly kind: RegionKind;
  readonly base: readonly [number, number];
  readonly ours: readonly [number, number];
  readonly theirs: readonly [number, number];
}

export interface Diff3Options {
  /** How a base line is compared with an ours line (default: exact text). */
  readonly oursKey?: (line: string) => string;
  /** How a base line is compared with a theirs line (default: exact text). */
  readonly theirsKey?: (line: string) => string;
  /**
   * Changes of both sides that touch without overlapping (ours edits line 2, theirs line 3):
   * a conflict, as git does (default), or merged.
   */
  readonly adjacent?: 'conflict' | 'merge';
}

type Block = readonly [baseStart: number, sideStart: number, length: number];

function matchingBlocks(base: readonly string[], side: readonly string[], key: (l: string) => string): Block[] {
  const changes = diffArrays(base.map(key), side.map(key));
  const blocks: Block[] = [];
  let b = 0;
  let s = 0;
  for (const c of changes) {
    const n = c.count ?? c.value.length;
    if (c.added) s += n;
    else if (c.removed) b += n;
    else {
      blocks.push([b, s, n]);
      b += n;
      s += n;
    }
  }
  return blocks;
}

function rangeEqual(a: readonly string[], [as, ae]: readonly [number, number], b: readonly string[], [bs, be]: readonly [number, number], key: (l: string) => string): boolean {
  if (ae - as !== be - bs) return false;
  for (let i = 0; i < ae - as; i++) if (key(a[as + i]!) !== key(b[bs + i]!)) return false;
  return true;
}

const exact = (l: string): string => l;

/**
 * Splits the three versions into regions (the classic merge3 of bzr/Mercurial): stretches where
 * base lines are kept by both sides, and between them what each side did.
 */
export function diff3Regions(base: readonly string[], ours: readonly string[], theirs: readonly string[], options: Diff3Options = {}): Diff3Region[] {
  const oursKey = options.oursKey ?? exact;
  const theirsKey = options.theirsKey ?? exact;
  const a = matchingBlocks(base, ours, oursKey);
  const b = matchingBlocks(base, theirs, theirsKey);
  // Sync points: base stretches matched on both sides.
  const sync: [number, number, number, number][] = []; // baseStart, length, oursStart, theirsStart
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const [ab, as, al] = a[i]!;
    const [bb, bs, bl] = b[j]!;
    const lo = Math.max(ab, bb);
    const hi = Math.min(ab + al, bb + bl);
    if (lo < hi) sync.push([lo, hi - lo, as + (lo - ab), bs + (lo - bb)]);
    if (ab + al < bb + bl) i++;
    else j++;
  }
  sync.push([base.length, 0, ours.length, theirs.length]);

  const regions: Diff3Region[] = [];
  let z = 0;
  let o = 0;
  let t = 0;
  for (const [zs, len, os, ts] of sync) {
    if (os > o || ts > t || zs > z) {
      const br = [z, zs] as const;
      const or = [o, os] as const;
      const tr = [t, ts] as const;
      const oursSame = rangeEqual(base, br, ours, or, oursKey);
      const theirsSame = rangeEqual(base, br, theirs, tr, theirsKey);
      let kind: RegionKind;
      if (oursSame && theirsSame) kind = 'unchanged';
      else if (oursSame) kind = 'theirs';
      else if (theirsSame) kind = 'ours';
      else kind = rangeEqual(ours, or, theirs, tr, oursKey) ? 'same' : 'conflict';
      const region = { kind, base: br, ours: or, theirs: tr };
      const split = kind === 'conflict' && options.adjacent === 'merge' ? splitTouching(region, base, ours, theirs, oursKey, theirsKey) : undefined;
      regions.push(...(split ?? [region]));
    }
    if (len > 0) regions.push({ kind: 'unchanged', base: [zs, zs + len], ours: [os, os + len], theirs: [ts, ts + len] });
    z = zs + len;
    o = os + len;
    t = ts + len;
  }
  return regions;
}

type Hunk = readonly [side: 'ours' | 'theirs', baseStart: number, baseEnd: number, sideStart: number, sideEnd: number];

function hunks(side: 'ours' | 'theirs', base: readonly string[], other: readonly string[], key: (l: string) => string): Hunk[] {
  const out: Hunk[] = [];
  let b = 0;
  let s = 0;
  for (const [bs, ss, n] of [...matchingBlocks(base, other, key), [base.length, other.length, 0] as const]) {
    if (bs > b || ss > s) out.push([side, b, bs, s, ss]);
    b = bs + n;
    s = ss + n;
  }
  return out;
}

/**
 * Re-splits a conflict region whose two sides only touch into separate one-sided regions;
 * undefined when they truly overlap (or insert at the same point, where order is a guess).
 */
function splitTouching(r: Diff3Region, base: readonly string[], ours: readonly string[], theirs: readonly string[], oursKey: (l: string) => string, theirsKey: (l: string) => string): Diff3Region[] | undefined {
  const b = base.slice(...r.base);
  const all = [...hunks('ours', b, ours.slice(...r.ours), oursKey), ...hunks('theirs', b, theirs.slice(...r.theirs), theirsKey)];
  for (const x of all) {
    for (const y of all) {
      if (x[0] !== 'ours' || y[0] !== 'theirs') continue;
      if ((x[1] < y[2] && y[1] < x[2]) || (x[1] === y[1] && (x[1] === x[2] || y[1] === y[2]))) return undefined;
    }
  }
  all.sort((x, y) => x[1] - y[1] || x[2] - y[2]);
  const out: Diff3Region[] = [];
  let [z, o, t] = [r.base[0], r.ours[0], r.theirs[0]];
  for (const [side, bs, be, , se] of all) {
    const gap = r.base[0] + bs - z;
    if (gap > 0) out.push({ kind: 'unchanged', base: [z, z + gap], ours: [o, o + gap], theirs: [t, t + gap] });
    [z, o, t] = [z + gap, o + gap, t + gap];
    const len = be - bs;
    if (side === 'ours') {
      out.push({ kind: 'ours', base: [z, z + len], ours: [o, r.ours[0] + se], theirs: [t, t + len] });
      [o, t] = [r.ours[0] + se, t + len];
    } else {
      out.push({ kind: 'theirs', base: [z, z + len], ours: [o, o + len], theirs: [t, r.theirs[0] + se] });
      [o, t] = [o + len, r.theirs[0] + se];
    }
    z += len;
  }
  const rest = r.base[1] - z;
  if (rest > 0) out.push({ kind: 'unchanged', base: [z, z + rest], ours: [o, o + rest], theirs: [t, t + rest] });
  return out;
}

export interface MergeConflict {
  /** 1-based lines of the region in `ours`; endLine = startLine - 1 when ours has no lines there. */
  readonly startLine: number;
  readonly endLine: number;
  readonly base: string;
  readonly ours: string;
  readonly theirs: string;
}

export type MergeResult = { readonly ok: true; readonly content: string } | { readonly ok: false; readonly conflicts: readonly MergeConflict[] };

interface Version {
  readonly lines: readonly string[];
  readonly eol: Eol;
  readonly finalNewline: boolean;
}

function version(text: string): Version {
  return { lines: lineTable(text).lines, eol: detectEol(text), finalNewline: text.endsWith('\n') };
}

/** A property both sides may change: ours wins when it changed it, else theirs. */
function pick<T>(base: T, ours: T, theirs: T): T {
  return ours !== base ? ours : theirs;
}

/**
 * Applies the change base→theirs onto ours. Lines are compared without their terminators;
 * the line ending and final newline are merged as properties of the whole file.
 */
export function merge3(base: string, ours: string, theirs: string): MergeResult {
  if (ours === theirs || base === theirs) return { ok: true, content: ours };
  if (base === ours) return { ok: true, content: theirs };
  const [b, o, t] = [version(base), version(ours), version(theirs)];
  const out: string[] = [];
  const conflicts: MergeConflict[] = [];
  for (const r of diff3Regions(b.lines, o.lines, t.lines)) {
    if (r.kind === 'theirs') out.push(...t.lines.slice(...r.theirs));
    else if (r.kind !== 'conflict') out.push(...o.lines.slice(...r.ours));
    else
      conflicts.push({
        startLine: r.ours[0] + 1,
        endLine: r.ours[1],
        base: b.lines.slice(...r.base).join('\n'),
        ours: o.lines.slice(...r.ours).join('\n'),
        theirs: t.lines.slice(...r.theirs).join('\n'),
      });
  }
  if (conflicts.length > 0) return { ok: false, conflicts };
  if (out.length === 0) return { ok: true, content: '' };
  const eol = pick(b.eol, o.eol, t.eol);
  const finalNewline = pick(b.finalNewline, o.finalNewline, t.finalNewline);
  return { ok: true, content: out.join(eol) + (finalNewline ? eol : '') };
}
