/**
 * Applying a model's search/replace edits to a file's text. Each edit is located (see locate.ts),
 * then applied; a refusal explains itself so the model can correct the next call. Line-tier
 * and fuzzy matches apply the model's search→replace change onto the file's lines with a
 * three-way merge, so lines the model did not mean to change keep the file's exact text.
 */
import { SquadError } from '../common/errors';
import { leadingWhitespace, reindent } from './indent';
import { locate, MAX_CANDIDATES, type LineMatch, type LocateOptions, type LocateResult, type MatchKind } from './locate';
import { diff3Regions } from './merge';
import { detectEol, keepFinalNewline, lineKey, modelLines, withEol, type Eol } from './text';

export { locateEdit } from './locate';
export type { LineSpan, LocateOptions, LocateResult, Match, MatchKind } from './locate';

export interface SearchReplace {
  readonly search: string;
  readonly replace: string;
}

export interface AppliedEdit {
  readonly kind: MatchKind | 'empty_file';
  readonly startLine: number;
  readonly endLine: number;
  readonly similarity: number;
}

const MAX_SHOWN_LINES = 30;

function numbered(text: string, firstLine: number): string {
  const lines = text.split('\n');
  const shown = lines.slice(0, MAX_SHOWN_LINES).map((l, i) => `${firstLine + i}: ${l}`);
  if (lines.length > MAX_SHOWN_LINES) shown.push(`… (${lines.length - MAX_SHOWN_LINES} more lines)`);
  return shown.join('\n');
}

// Floor, so a refused 89.9% never reads as "90%".
const pct = (similarity: number): number => Math.floor(similarity * 100);

function refusal(path: string, n: number, result: Exclude<LocateResult, { kind: MatchKind }>): SquadError {
  if (result.kind === 'ambiguous') {
    const where = result.candidates.map((c) => `lines ${c.startLine}-${c.endLine}`).join(', ');
    const count = result.candidates.length >= MAX_CANDIDATES ? `at least ${MAX_CANDIDATES}` : String(result.candidates.length);
    return new SquadError(
      'edit/ambiguous',
      `${path}: edit ${n} matches ${count} places (${where}). Include more surrounding lines in search so it matches exactly one place.`,
    );
  }
  const c = result.closest;
  if (!c) {
    return new SquadError('edit/no_match', `${path}: no match for edit ${n}: nothing like the search text is in the file. Read the file again and copy the lines to change exactly.`);
  }
  return new SquadError(
    'edit/no_match',
    `${path}: no match for edit ${n}. Closest (${pct(c.similarity)}% similar) is lines ${c.startLine}-${c.endLine}:\n${numbered(c.text, c.startLine)}\nCopy the search text exactly from the file as it is now.`,
  );
}

/**
 * Applies one line-tier or fuzzy match: base = the model's search lines, ours = the file's
 * window, theirs = the replacement re-indented to fit. A conflict means the lines the model
 * changes are not what it thinks they are: refused.
 */
function applyLines(content: string, eol: Eol, m: LineMatch, search: string, replace: string, path: string, n: number, similarity: number): string {
  const { table, window, map, firstLineIndent } = m;
  const searchParsed = modelLines(search);
  const replaceParsed = modelLines(replace);
  const theirs = replaceParsed.lines;
  // "foo" → "foo\n" adds a line, as the same edit would on exact text.
  if (!searchParsed.endsWithNewline && replaceParsed.endsWithNewline) theirs.push('');
  const ours = table.lines.slice(window.start, window.start + window.length);
  const out: string[] = [];
  for (const r of diff3Regions(searchParsed.lines, ours, theirs, { oursKey: lineKey, adjacent: 'merge' })) {
    if (r.kind === 'theirs') {
      for (let i = r.theirs[0]; i < r.theirs[1]; i++) {
        const line = theirs[i]!;
        out.push(i === 0 && firstLineIndent !== undefined && leadingWhitespace(line) === '' ? firstLineIndent + line : reindent(line, map));
      }
    } else if (r.kind !== 'conflict') {
      out.push(...ours.slice(...r.ours));
    } else {
      const first = window.start + r.ours[0] + 1;
      const last = window.start + r.ours[1];
      const fileText = ours.slice(...r.ours).join('\n');
      throw new SquadError(
        'edit/no_match',
        `${path}: no match for edit ${n}. Closest (${pct(similarity)}% similar) is lines ${window.start + 1}-${window.start + window.length}, ` +
          `but the lines you change differ there (${last > first ? `lines ${first}-${last}` : last === first ? `line ${first}` : `near line ${first}`}):\n` +
          `${fileText === '' ? '(nothing)' : numbered(fileText, first)}\nRead the file again and base the edit on its current text.`,
      );
    }
  }
  const from = table.starts[window.start]!;
  const to = table.starts[window.start + window.length]!;
  const lastLine = window.start + window.length - 1;
  const hadTerminator = to > table.starts[lastLine]! + table.lines[lastLine]!.length;
  const text = out.length === 0 ? '' : out.join(eol) + (hadTerminator ? eol : '');
  return content.slice(0, from) + text + content.slice(to);
}

/**
 * Applies edits in order, each to the result of the previous one. Throws SquadError
 * 'edit/no_match' or 'edit/ambiguous' naming the edit (1-based) and, for a failed match, the
 * closest place with its similarity and line numbers. The file keeps its line endings and its
 * final-newline state.
 */
export function applyEdits(
  content: string,
  edits: readonly SearchReplace[],
  path: string,
  opts: Omit<LocateOptions, 'replace'> = {},
): { content: string; applied: AppliedEdit[] } {
  const eol = detectEol(content);
  let text = content;
  const applied: AppliedEdit[] = [];
  edits.forEach((edit, i) => {
    const n = i + 1;
    if (edit.search === '') {
      if (text !== '') {
        throw new SquadError(
          'edit/no_match',
          `${path}: edit ${n} has an empty search text, which only works on an empty file. Put the lines to change (or the line to insert after, repeated in replace) in search.`,
        );
      }
      text = edit.replace;
      applied.push({ kind: 'empty_file', startLine: 1, endLine: 1, similarity: 1 });
      return;
    }
    if (edit.search.trim() === '') {
      throw new SquadError('edit/no_match', `${path}: edit ${n} has a search text of only whitespace. Put the lines to change in search.`);
    }
    const { result, lines } = locate(text, edit.search, { ...opts, replace: edit.replace });
    if (result.kind === 'no_match' || result.kind === 'ambiguous') throw refusal(path, n, result);
    if (result.kind === 'exact' || !lines) {
      // Whole lines in, whole lines out: a replacement missing the search's final newline
      // would glue the next line onto it.
      const glued = edit.search.endsWith('\n') && edit.replace !== '' && !edit.replace.endsWith('\n');
      text = text.slice(0, result.start) + withEol(glued ? edit.replace + '\n' : edit.replace, eol) + text.slice(result.end);
    } else {
      text = applyLines(text, eol, lines, edit.search, edit.replace, path, n, result.similarity);
    }
    applied.push({ kind: result.kind, startLine: result.startLine, endLine: result.endLine, similarity: result.similarity });
  });
  return { content: keepFinalNewline(content, text, eol), applied };
}
