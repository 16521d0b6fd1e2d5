/**
 * Indentation drift between what a model wrote and what the file holds: a constant column
 * offset (the model dropped or added a level) and/or tabs versus spaces. The replacement is
 * re-indented with the same mapping so it fits the file.
 */

export interface IndentStyle {
  readonly useTabs: boolean;
  /** Columns per level for space indentation (2, 4, …). */
  readonly unit: number;
}

export function leadingWhitespace(line: string): string {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  return line.slice(0, i);
}

/** Width of an indentation in columns; a tab advances to the next tab stop. */
export function columns(indent: string, tabWidth: number): number {
  let col = 0;
  for (const ch of indent) col = ch === '\t' ? col + tabWidth - (col % tabWidth) : col + 1;
  return col;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Tabs or spaces, and the space unit (the commonest step between consecutive lines, else the
 * gcd of the widths), from the indented lines of one or more blocks; undefined when none is
 * indented. Steps are only counted within a block.
 */
export function detectIndentStyle(...blocks: readonly (readonly string[])[]): IndentStyle | undefined {
  let tabs = 0;
  let spaces = 0;
  let widths = 0;
  const steps = new Map<number, number>();
  for (const lines of blocks) {
    let prev: number | undefined;
    for (const line of lines) {
      if (line.trim() === '') continue;
      const ws = leadingWhitespace(line);
      if (ws.startsWith('\t')) tabs++;
      else if (ws.length > 0) spaces++;
      if (ws.includes('\t')) continue;
      if (ws.length > 0) widths = gcd(ws.length, widths);
      const d = prev === undefined ? 0 : ws.length - prev;
      if (d > 0 && d <= 8) steps.set(d, (steps.get(d) ?? 0) + 1);
      prev = ws.length;
    }
  }
  if (tabs === 0 && spaces === 0) return undefined;
  let unit = widths > 0 && widths <= 8 ? widths : 4;
  let best = 0;
  for (const [d, n] of steps) if (n > best || (n === best && d < unit)) [unit, best] = [d, n];
  return { useTabs: tabs > spaces, unit };
}

export interface IndentMap {
  /** Columns to add to the model's indentation (negative: remove). */
  readonly delta: number;
  readonly tabWidth: number;
  /** The file's style, in which re-indented lines are written. */
  readonly target: IndentStyle;
  /** Every matched line has exactly the model's indentation: keep the replacement as written. */
  readonly verbatim: boolean;
  /** Every matched line has the same offset. */
  readonly consistent: boolean;
}

/**
 * The mapping from the model's indentation to the file's, learnt from aligned line pairs
 * (file line, model line) whose contents match.
 */
export function indentMap(
  pairs: readonly (readonly [fileLine: string, modelLine: string])[],
  fileStyle: IndentStyle | undefined,
  modelStyle: IndentStyle | undefined,
): IndentMap {
  const target = fileStyle ?? modelStyle ?? { useTabs: false, unit: 4 };
  const model = modelStyle ?? target;
  // How many columns a tab stands for decides how "\t\t" compares with 8 spaces. The likely
  // width comes first; others are tried when it does not give one constant offset.
  const likely = target.useTabs && !model.useTabs ? model.unit : target.unit;
  let first: IndentMap | undefined;
  let fallback: IndentMap | undefined;
  for (const tabWidth of new Set([likely, 4, 2, 8])) {
    const map = mapWith(pairs, target, tabWidth);
    if (map.consistent && (map.delta === 0 || map.verbatim)) return map;
    first ??= map;
    if (map.consistent) fallback ??= map;
  }
  return fallback ?? first!;
}

function mapWith(pairs: readonly (readonly [string, string])[], target: IndentStyle, tabWidth: number): IndentMap {
  const counts = new Map<number, number>();
  let verbatim = true;
  for (const [f, m] of pairs) {
    if (f.trim() === '') continue;
    const fw = leadingWhitespace(f);
    const mw = leadingWhitespace(m);
    if (fw !== mw) verbatim = false;
    const d = columns(fw, tabWidth) - columns(mw, tabWidth);
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  let delta = 0;
  let best = -1;
  for (const [d, n] of counts) if (n > best || (n === best && Math.abs(d) < Math.abs(delta))) [delta, best] = [d, n];
  return { delta, tabWidth, target, verbatim, consistent: counts.size <= 1 };
}

/** One line of model text, re-indented into the file's style with the map's offset. */
export function reindent(line: string, map: IndentMap): string {
  if (map.verbatim) return line;
  if (line.trim() === '') return '';
  const ws = leadingWhitespace(line);
  const cols = Math.max(0, columns(ws, map.tabWidth) + map.delta);
  const indent = map.target.useTabs ? '\t'.repeat(Math.floor(cols / map.tabWidth)) + ' '.repeat(cols % map.tabWidth) : ' '.repeat(cols);
  return indent + line.slice(ws.length);
}
