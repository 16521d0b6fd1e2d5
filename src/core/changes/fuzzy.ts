/**
 * Fuzzy location of a block of lines in a file. Never a character-level edit distance across
 * the whole file: candidate windows come from anchor lines (search lines that occur verbatim,
 * modulo whitespace), or failing that from a few probe lines compared by bigrams; only those
 * windows are scored.
 */
import { diffArrays } from 'diff';

export interface Window {
  /** 0-based first line and line count in the file. */
  readonly start: number;
  readonly length: number;
  /** 0..1, see blockSimilarity. */
  readonly similarity: number;
}

const TOKEN = /\w+|\S/g;

/** Characters of a line that count: everything but whitespace, plus one for the line break. */
const weight = (line: string): number => line.replace(/\s+/g, '').length + 1;
const size = (lines: readonly string[]): number => lines.reduce((n, l) => n + weight(l), 0);

/** Words and single symbols, with a newline token between lines. */
function tokens(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const l of lines) out.push(...(l.match(TOKEN) ?? []), '\n');
  return out;
}

/** Longest common subsequence of two short strings, in characters. */
function charLcs(a: string, b: string): number {
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** Credit for a mistyped word: its common characters when the two words are mostly alike. */
function typoCredit(x: string, y: string): number {
  if (x.length < 3 || y.length < 3 || !/^\w+$/.test(x) || !/^\w+$/.test(y)) return 0;
  const common = charLcs(x, y);
  return (2 * common) / (x.length + y.length) >= 0.7 ? common : 0;
}

const MAX_TABLE = 250_000;

/**
 * Weighted longest common subsequence of two token lists (weight = token length). Tokens rather
 * than characters, so unrelated code does not look half-similar through shared letters; a word
 * left unmatched opposite a near-identical word (a typo) still earns its common characters.
 */
export function commonWeight(a: readonly string[], b: readonly string[]): number {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0 || (n + 1) * (m + 1) > MAX_TABLE) return 0;
  const w = m + 1;
  const t = new Int32Array((n + 1) * w);
  for (let i = 1; i <= n; i++) {
    const ta = a[i - 1]!;
    for (let j = 1; j <= m; j++) {
      t[i * w + j] = ta === b[j - 1] ? t[(i - 1) * w + j - 1]! + ta.length : Math.max(t[(i - 1) * w + j]!, t[i * w + j - 1]!);
    }
  }
  // Walk back through the alignment; between two matches, pair leftover tokens in order.
  let total = t[n * w + m]!;
  let i = n;
  let j = m;
  let restA: string[] = [];
  let restB: string[] = [];
  const settle = (): void => {
    if (restA.length === restB.length) for (let k = 0; k < restA.length; k++) total += typoCredit(restA[k]!, restB[k]!);
    restA = [];
    restB = [];
  };
  while (i > 0 && j > 0) {
    if (a[i - 1] === b[j - 1] && t[i * w + j] === t[(i - 1) * w + j - 1]! + a[i - 1]!.length) {
      settle();
      i--;
      j--;
    } else if (t[(i - 1) * w + j]! >= t[i * w + j - 1]!) restA.push(a[--i]!);
    else restB.push(b[--j]!);
  }
  while (i > 0) restA.push(a[--i]!);
  while (j > 0) restB.push(b[--j]!);
  settle();
  return total;
}

/**
 * Similarity of two blocks of normalised lines, 0..1: 2·matched / total over non-space
 * characters. Equal lines count fully, the stretches between them are compared token by token.
 * Returns an upper bound (< cutoff) instead of the exact value when `cutoff` cannot be reached.
 */
export function blockSimilarity(a: readonly string[], b: readonly string[], cutoff = 0): number {
  const total = size(a) + size(b);
  if (total === 0) return 1;
  // Equal lines at both ends need no diff (a typo in a long block leaves a one-line middle).
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  let matched = 2 * (size(a.slice(0, head)) + size(a.slice(a.length - tail)));
  const gaps: [string[], string[]][] = [];
  let gap: [string[], string[]] = [[], []];
  for (const c of diffArrays(a.slice(head, a.length - tail), b.slice(head, b.length - tail))) {
    if (c.removed) gap[0].push(...c.value);
    else if (c.added) gap[1].push(...c.value);
    else {
      if (gap[0].length + gap[1].length > 0) gaps.push(gap);
      gap = [[], []];
      matched += 2 * size(c.value);
    }
  }
  if (gap[0].length + gap[1].length > 0) gaps.push(gap);
  let bound = matched;
  for (const [x, y] of gaps) bound += 2 * Math.min(size(x), size(y));
  if (bound / total < cutoff) return bound / total;
  for (const [x, y] of gaps) if (x.length > 0 && y.length > 0) matched += 2 * commonWeight(tokens(x), tokens(y));
  return matched / total;
}

function bigrams(s: string): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i + 1 < s.length; i++) {
    const k = (s.charCodeAt(i) << 16) | s.charCodeAt(i + 1);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

function dice(probe: Map<number, number>, probeCount: number, s: string): number {
  const seen = new Map<number, number>();
  let common = 0;
  for (let i = 0; i + 1 < s.length; i++) {
    const k = (s.charCodeAt(i) << 16) | s.charCodeAt(i + 1);
    const used = seen.get(k) ?? 0;
    if (used < (probe.get(k) ?? 0)) common++;
    seen.set(k, used + 1);
  }
  return (2 * common) / (probeCount + Math.max(0, s.length - 1));
}

const MAX_CANDIDATES = 12;
const MIN_ANCHOR = 3;

/** Likely window starts, best first: votes from anchor lines, else from bigram probes. */
function candidateStarts(fileKeys: readonly string[], searchKeys: readonly string[]): number[] {
  const at = new Map<string, number[]>();
  searchKeys.forEach((k, i) => {
    if (k.length >= MIN_ANCHOR) at.set(k, [...(at.get(k) ?? []), i]);
  });
  const votes = new Map<number, number>();
  for (let j = 0; j < fileKeys.length; j++) {
    const ks = at.get(fileKeys[j]!);
    if (ks) for (const k of ks) votes.set(j - k, (votes.get(j - k) ?? 0) + 1);
  }
  let top = 0;
  for (const v of votes.values()) top = Math.max(top, v);
  if (top < Math.max(1, Math.ceil(at.size * 0.3))) {
    // Few lines survived verbatim: compare the longest search lines with every file line.
    const probes = searchKeys
      .map((k, i) => ({ k, i }))
      .filter((p) => p.k.length >= 8)
      .sort((x, y) => y.k.length - x.k.length)
      .slice(0, 3);
    for (const { k, i } of probes) {
      const grams = bigrams(k);
      const count = k.length - 1;
      for (let j = 0; j < fileKeys.length; j++) {
        const f = fileKeys[j]!;
        if (f.length < k.length / 2 || f.length > k.length * 2) continue;
        const d = dice(grams, count, f);
        if (d >= 0.5) votes.set(j - i, (votes.get(j - i) ?? 0) + d);
      }
    }
  }
  const ranked = [...votes.entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0]);
  // Starts with far fewer votes than the best cannot compete; near-duplicates still can.
  const floor = (ranked[0]?.[1] ?? 0) / 3;
  return ranked
    .filter(([, v]) => v >= floor)
    .slice(0, MAX_CANDIDATES)
    .map(([s]) => s);
}

const overlaps = (a: Window, b: Window): boolean => a.start < b.start + b.length && b.start < a.start + a.length;

/**
 * The best-scoring window and the best one that does not overlap it (to judge whether the
 * best is clearly better than any other place). From each candidate start the window's edges
 * move one line at a time while that improves the score (lines the model left out or added).
 * `margin` only bounds the work: windows that cannot come within it of the best are not
 * scored exactly.
 */
export function findFuzzy(fileKeys: readonly string[], searchKeys: readonly string[], margin: number): { best?: Window; second?: Window } {
  const m = searchKeys.length;
  const n = fileKeys.length;
  if (m === 0 || n === 0) return {};
  const reach = m < 10 ? 2 : m < 30 ? 3 : 5;
  const scored = new Map<number, Window>();
  let best = 0;
  const score = (start: number, length: number): Window | undefined => {
    if (start < 0 || length < 1 || start + length > n || Math.abs(length - m) > reach) return undefined;
    const id = start * (m + reach + 1) + length;
    let w = scored.get(id);
    if (!w) {
      w = { start, length, similarity: blockSimilarity(searchKeys, fileKeys.slice(start, start + length), best - margin) };
      scored.set(id, w);
      best = Math.max(best, w.similarity);
    }
    return w;
  };
  for (const s of candidateStarts(fileKeys, searchKeys)) {
    let cur = score(Math.max(0, Math.min(s, n - 1)), Math.min(m, n - Math.max(0, Math.min(s, n - 1))));
    for (let step = 0; cur && step < 4 * reach; step++) {
      const { start, length } = cur;
      const next = [score(start - 1, length + 1), score(start + 1, length - 1), score(start, length + 1), score(start, length - 1)]
        .filter((w): w is Window => w !== undefined)
        .reduce<Window>((a, b) => (b.similarity > a.similarity ? b : a), cur);
      if (next === cur) break;
      cur = next;
    }
  }
  const rank = (a: Window, b: Window): number =>
    b.similarity - a.similarity || Math.abs(a.length - m) - Math.abs(b.length - m) || a.start - b.start;
  const all = [...scored.values()].sort(rank);
  const top = all[0];
  if (!top) return {};
  return { best: top, second: all.find((w) => !overlaps(w, top)) };
}
