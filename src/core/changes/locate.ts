/**
 * Locating a model's search text in a file. Tiers, strictest first: exact substring; the same
 * lines modulo whitespace (trailing, CRLF, tabs vs spaces, inner runs); the same lines with a
 * constant indentation offset; a fuzzy line window that is both similar enough and clearly
 * better than any other place. An edit goes only where it matches exactly one place.
 */
import { findFuzzy, type Window } from './fuzzy';
import { detectIndentStyle, indentMap, leadingWhitespace, type IndentMap, type IndentStyle } from './indent';
import { detectEol, lineKey, lineNumberAt, lineTable, modelLines, withEol, type LineTable } from './text';

export type MatchKind = 'exact' | 'whitespace' | 'indentation' | 'fuzzy';

export interface LocateOptions {
  /** Minimum fuzzy similarity, 0..1 (default 0.9). */
  readonly threshold?: number;
  /** How much better than the next place a fuzzy match must be (default 0.05). */
  readonly margin?: number;
  /** The replacement, if known: it helps infer the model's indentation unit. */
  readonly replace?: string;
}

export interface Match {
  readonly kind: MatchKind;
  /** Offsets of the matched text (for line tiers: first line start to last line end, no terminator). */
  readonly start: number;
  readonly end: number;
  readonly similarity: number;
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  /** Columns the file is indented beyond the search text (line tiers only). */
  readonly indentDelta?: number;
}

export interface LineSpan {
  readonly startLine: number;
  readonly endLine: number;
}

export type LocateResult =
  | Match
  | { readonly kind: 'no_match'; readonly closest?: LineSpan & { readonly similarity: number; readonly text: string } }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly LineSpan[] };

/** What applying a line-tier match needs beyond the public result. */
export interface LineMatch {
  readonly table: LineTable;
  readonly window: { readonly start: number; readonly length: number };
  readonly map: IndentMap;
  /** Set when the search's first line lacked the file's indentation: the indentation to give it. */
  readonly firstLineIndent?: string;
}

interface IndentFit {
  readonly map: IndentMap;
  readonly firstLineIndent?: string;
}

export interface Located {
  readonly result: LocateResult;
  readonly lines?: LineMatch;
}

const DEFAULT_THRESHOLD = 0.9;
const DEFAULT_MARGIN = 0.05;
/** Places listed in an ambiguity refusal (and the most looked for). */
export const MAX_CANDIDATES = 10;

export function locateEdit(content: string, search: string, opts: LocateOptions = {}): LocateResult {
  return locate(content, search, opts).result;
}

function exactHits(content: string, needle: string): number[] {
  const hits: number[] = [];
  for (let i = content.indexOf(needle); i !== -1 && hits.length < MAX_CANDIDATES; i = content.indexOf(needle, i + 1)) hits.push(i);
  return hits;
}

const span = (w: { start: number; length: number }): LineSpan => ({ startLine: w.start + 1, endLine: w.start + w.length });

export function locate(content: string, search: string, opts: LocateOptions = {}): Located {
  if (search.trim() === '') return { result: { kind: 'no_match' } };
  const eol = detectEol(content);
  const needle = withEol(search, eol);
  const hits = exactHits(content, needle);
  if (hits.length > 1) {
    const candidates = hits.map((h) => {
      const startLine = lineNumberAt(content, h);
      return { startLine, endLine: startLine + (needle.match(/\n(?!$)/g)?.length ?? 0) };
    });
    return { result: { kind: 'ambiguous', candidates } };
  }
  if (hits.length === 1) {
    const start = hits[0]!;
    const end = start + needle.length;
    const startLine = lineNumberAt(content, start);
    const endLine = startLine + (content.slice(start, Math.max(start, end - 1)).match(/\n/g)?.length ?? 0);
    return { result: { kind: 'exact', start, end, similarity: 1, startLine, endLine } };
  }

  const table = lineTable(content);
  const fileKeys = table.lines.map(lineKey);
  const searchLines = modelLines(search).lines;
  const searchKeys = searchLines.map(lineKey);
  const replaceLines = opts.replace === undefined ? [] : modelLines(opts.replace).lines;
  let fileStyle: IndentStyle | undefined | null = null;
  const mapFor = (w: { start: number; length: number }, pairs: [string, string][]): IndentFit => {
    const windowStyle = detectIndentStyle(table.lines.slice(w.start, w.start + w.length));
    if (windowStyle === undefined && fileStyle === null) fileStyle = detectIndentStyle(table.lines);
    const fit = (p: [string, string][]): IndentMap => indentMap(p, windowStyle ?? fileStyle ?? undefined, detectIndentStyle(searchLines, replaceLines));
    const map = fit(pairs);
    // Models often start the search at the first line's text, without its indentation:
    // learn the offset from the other lines and give that line the file's indentation back.
    const [first, ...rest] = pairs;
    if (!map.consistent && first && first[0] === table.lines[w.start] && leadingWhitespace(first[1]) === '' && rest.some(([f]) => f.trim() !== '')) {
      const restMap = fit(rest);
      if (restMap.consistent) return { map: restMap, firstLineIndent: leadingWhitespace(first[0]) };
    }
    return { map };
  };
  const located = (kind: MatchKind, w: { start: number; length: number }, similarity: number, { map, firstLineIndent }: IndentFit): Located => {
    const last = w.start + w.length - 1;
    const end = table.starts[last]! + table.lines[last]!.length;
    const result: Match = { kind, start: table.starts[w.start]!, end, similarity, ...span(w), indentDelta: map.delta };
    return { result, lines: { table, window: w, map, firstLineIndent } };
  };

  // Same lines, modulo whitespace.
  const m = searchKeys.length;
  const windows: number[] = [];
  for (let j = 0; j + m <= fileKeys.length && windows.length < MAX_CANDIDATES; j++) {
    let k = 0;
    while (k < m && fileKeys[j + k] === searchKeys[k]) k++;
    if (k === m) windows.push(j);
  }
  if (windows.length > 1) return { result: { kind: 'ambiguous', candidates: windows.map((start) => span({ start, length: m })) } };
  if (windows.length === 1) {
    const w = { start: windows[0]!, length: m };
    const pairs = searchLines.map((l, k): [string, string] => [table.lines[w.start + k]!, l]);
    const fit = mapFor(w, pairs);
    // Same lines but not one constant indentation offset: structure changed, so fuzzy rules.
    const kind = !fit.map.consistent ? 'fuzzy' : fit.map.delta === 0 ? 'whitespace' : 'indentation';
    return located(kind, w, 1, fit);
  }

  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const margin = opts.margin ?? DEFAULT_MARGIN;
  const { best, second } = findFuzzy(fileKeys, searchKeys, margin);
  if (!best) return { result: { kind: 'no_match' } };
  if (best.similarity >= threshold) {
    if (second && best.similarity - second.similarity < margin) {
      return { result: { kind: 'ambiguous', candidates: [span(best), span(second)] } };
    }
    return located('fuzzy', best, best.similarity, mapFor(best, alignedPairs(table, best, searchLines, searchKeys, fileKeys)));
  }
  return { result: { kind: 'no_match', closest: { ...span(best), similarity: best.similarity, text: table.lines.slice(best.start, best.start + best.length).join('\n') } } };
}

/** (file line, search line) pairs whose contents match, to learn the indentation offset from. */
function alignedPairs(table: LineTable, w: Window, searchLines: string[], searchKeys: string[], fileKeys: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  let k = 0;
  for (let j = w.start; j < w.start + w.length && k < searchKeys.length; j++) {
    const at = searchKeys.indexOf(fileKeys[j]!, k);
    if (at === -1 || fileKeys[j] === '') continue;
    pairs.push([table.lines[j]!, searchLines[at]!]);
    k = at + 1;
  }
  return pairs;
}
