/**
 * Text plumbing shared by edit location, hunks and merges: line endings, line splitting,
 * whitespace-insensitive line keys. Models write LF; files keep their own line endings.
 */

export type Eol = '\n' | '\r\n';

/** The file's dominant line ending; LF when it has none. */
export function detectEol(text: string): Eol {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

export function toLf(text: string): string {
  return text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text;
}

/** Rewrites every line ending of `text` to `eol` (so a model's LF text fits a CRLF file). */
export function withEol(text: string, eol: Eol): string {
  const lf = toLf(text);
  return eol === '\n' ? lf : lf.replace(/\n/g, '\r\n');
}

export function hasFinalNewline(text: string): boolean {
  return text.endsWith('\n');
}

/**
 * Gives `text` the final-newline state of `original`: a file without a final newline keeps
 * lacking it, a file with one keeps it. Empty results stay empty.
 */
export function keepFinalNewline(original: string, text: string, eol: Eol): string {
  if (original === '' || text === '') return text;
  const wanted = hasFinalNewline(original);
  const has = hasFinalNewline(text);
  if (wanted && !has) return text + eol;
  if (!wanted && has) return text.slice(0, text.endsWith('\r\n') ? -2 : -1);
  return text;
}

/** Lines with their terminators kept, so joining them gives the text back exactly. */
export function splitKeepEnds(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    out.push(text.slice(from, i + 1));
    from = i + 1;
  }
  if (from < text.length) out.push(text.slice(from));
  return out;
}

/** The file split into lines (no terminators) with the offset where each line starts. */
export interface LineTable {
  readonly lines: readonly string[];
  /** starts[i] is the offset of line i; starts[lines.length] is text.length. */
  readonly starts: readonly number[];
}

export function lineTable(text: string): LineTable {
  const lines: string[] = [];
  const starts: number[] = [];
  let from = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    starts.push(from);
    lines.push(text.slice(from, i > from && text.charCodeAt(i - 1) === 13 ? i - 1 : i));
    from = i + 1;
  }
  if (from < text.length) {
    starts.push(from);
    lines.push(text.slice(from));
  }
  starts.push(text.length);
  return { lines, starts };
}

/** Splits model text into lines after normalising to LF; a trailing newline ends the last line. */
export function modelLines(text: string): { lines: string[]; endsWithNewline: boolean } {
  const lf = toLf(text);
  if (lf === '') return { lines: [], endsWithNewline: false };
  const endsWithNewline = lf.endsWith('\n');
  const lines = (endsWithNewline ? lf.slice(0, -1) : lf).split('\n');
  return { lines, endsWithNewline };
}

const innerSpace = /\s+/g;

/** A line compared without its indentation, trailing whitespace or the width of inner runs. */
export function lineKey(line: string): string {
  const t = line.trim();
  return /\s\s|[\t\f\v\u00a0]/.test(t) ? t.replace(innerSpace, ' ') : t;
}

/** 1-based line number of an offset. */
export function lineNumberAt(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
