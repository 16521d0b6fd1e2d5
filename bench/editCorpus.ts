/**
 * The edit-location corpus: for a generated file, an edit as a model would send it (search and
 * replace, LF, the model's own indentation) and the file it should produce, or undefined when
 * the edit must be refused. Categories:
 *  exact        the search text is in the file as written (CRLF files included: models write LF)
 *  whitespace   the file has trailing spaces, wide inner runs, or tabs where the model writes spaces
 *  indentation  the model dropped (or added) a constant number of indentation levels, or left
 *               the first line's indentation out of its search
 *  fuzzy        the model mistyped a context line it does not change, or left out a blank line
 *  stale        a line the edit changes is different in the file now: must be refused
 *  ambiguous    the block occurs twice in the file: must be refused
 */
import { lineKey } from '../src/core/changes/text';
import { generateFile, int, LANGS, pick, simpleStatement, type Lang, type Line, type Random } from './editSource';

export const CATEGORIES = ['exact', 'whitespace', 'indentation', 'fuzzy', 'stale', 'ambiguous'] as const;
export type Category = (typeof CATEGORIES)[number];
export const DRIFTED: readonly Category[] = ['whitespace', 'indentation'];

export interface EditCase {
  readonly category: Category;
  readonly lang: string;
  readonly path: string;
  readonly file: string;
  readonly edit: { readonly search: string; readonly replace: string };
  /** The file after the edit; undefined when the edit must be refused. */
  readonly expected: string | undefined;
}

/** A line of the block after the edit: kept from the block, or new. */
type After = { readonly keep: number } | { readonly line: Line };

const isOpener = (t: string): boolean => /[{:]$/.test(t);
const isCloser = (t: string): boolean => t === '}';

function countWindows(keys: readonly string[], block: readonly string[]): number {
  let n = 0;
  for (let j = 0; j + block.length <= keys.length; j++) if (block.every((k, i) => keys[j + i] === k)) n++;
  return n;
}

/** Trailing whitespace or a wide inner run, never in the indentation. */
function withQuirk(r: Random, text: string): string {
  const x = r();
  if (x < 0.45) return text + pick(r, ['  ', ' ', '\t']);
  const indent = /^\s*/.exec(text)![0].length;
  const spaces = [...text.matchAll(/ /g)].map((m) => m.index).filter((i) => i > indent);
  if (spaces.length === 0) return text + '  ';
  const at = pick(r, spaces);
  return text.slice(0, at) + '  ' + text.slice(at + 1) + (x < 0.7 ? ' ' : '');
}

function typo(r: Random, text: string): string | undefined {
  const words = [...text.matchAll(/[A-Za-z]{5,}/g)];
  if (words.length === 0) return undefined;
  const w = pick(r, words);
  const at = w.index + int(r, 1, w[0].length - 2);
  return text.slice(0, at) + text.slice(at + 1);
}

/** One case of `category` against `lines`, or undefined when this block does not suit it. */
export function makeCase(r: Random, lang: Lang, lines: readonly Line[], category: Category, eol: '\n' | '\r\n', path: string): EditCase | undefined {
  const k = category === 'fuzzy' ? int(r, 6, 8) : int(r, 3, 7);
  const start = int(r, 2, lines.length - k - 1);
  const block = lines.slice(start, start + k);
  if (block.filter((l) => l.text !== '' && !isCloser(l.text)).length < 2) return undefined;

  // The change: modify (or delete, or insert after) line c, sometimes a second line too.
  const simple = block.map((l, i) => (l.text !== '' && !isOpener(l.text) && !isCloser(l.text) ? i : -1)).filter((i) => i >= 0);
  if (simple.length === 0) return undefined;
  const c = pick(r, simple);
  const op = category === 'stale' ? 'modify' : pick(r, ['modify', 'modify', 'modify', 'insert', 'delete'] as const);
  const after: After[] = block.map((_, i) => ({ keep: i }));
  const fresh = (level: number): Line => ({ level, text: simpleStatement(r, lang) });
  if (op === 'modify') after[c] = { line: fresh(block[c]!.level) };
  else if (op === 'insert') after.splice(c + 1, 0, { line: fresh(block[c]!.level) });
  else after.splice(c, 1);
  const changed = new Set([c]);
  const second = simple.find((i) => Math.abs(i - c) > 1);
  if (category !== 'fuzzy' && second !== undefined && op === 'modify' && r() < 0.3) {
    after[second] = { line: fresh(block[second]!.level) };
    changed.add(second);
  }

  // The file's lines as text, with whitespace quirks where the category wants them.
  const fileText = lines.map((l) => (l.text === '' ? '' : lang.indent.repeat(l.level) + l.text));
  if (category === 'whitespace') {
    let quirks = 0;
    for (let i = 0; i < k; i++) {
      if (block[i]!.text !== '' && r() < 0.5) {
        fileText[start + i] = withQuirk(r, fileText[start + i]!);
        quirks++;
      }
    }
    if (quirks === 0 && lang.indent === lang.modelIndent) {
      const i = block.findIndex((l) => l.text !== '');
      fileText[start + i] = withQuirk(r, fileText[start + i]!);
    }
  }

  // How the model writes lines: its own indentation, maybe shifted by whole levels.
  let shift = 0;
  let modelIndent = lang.indent;
  if (category === 'whitespace') modelIndent = lang.modelIndent;
  if (category === 'indentation') {
    modelIndent = lang.modelIndent;
    const min = Math.min(...block.filter((l) => l.text !== '').map((l) => l.level));
    shift = min > 0 && r() < 0.75 ? min : -1;
  }
  const model = (l: Line): string => (l.text === '' ? '' : modelIndent.repeat(l.level - shift) + l.text);
  const searchLines = block.map(model);
  const replaceLines = after.map((a) => ('keep' in a ? searchLines[a.keep]! : model(a.line)));
  if (category === 'indentation' && r() < 0.3 && searchLines[0] !== '') {
    // The model started its search at the first line's text, leaving out its indentation.
    searchLines[0] = searchLines[0]!.trimStart();
    if (replaceLines.length > 0) replaceLines[0] = replaceLines[0]!.trimStart();
    if (after[0] && 'keep' in after[0] && after[0].keep !== 0) return undefined;
  }
  if (category === 'fuzzy') {
    const far = (i: number): boolean => [...changed].every((ch) => Math.abs(i - ch) >= 3);
    const blank = block.findIndex((l, i) => l.text === '' && far(i));
    if (blank >= 0 && r() < 0.5) {
      // The model left out a blank line.
      searchLines.splice(blank, 1);
      replaceLines.splice(after.findIndex((a) => 'keep' in a && a.keep === blank), 1);
    } else {
      // The model mistyped a context line.
      const lines = block.map((_, i) => i).filter((i) => block[i]!.text.length > 12 && far(i));
      if (lines.length === 0) return undefined;
      const t = pick(r, lines);
      const wrong = typo(r, searchLines[t]!);
      if (wrong === undefined) return undefined;
      searchLines[t] = wrong;
      replaceLines[after.findIndex((a) => 'keep' in a && a.keep === t)] = wrong;
    }
  }
  const edit = { search: searchLines.join('\n') + '\n', replace: replaceLines.join('\n') + (replaceLines.length > 0 ? '\n' : '') };

  const expectedLines = [
    ...fileText.slice(0, start),
    ...after.map((a) => ('keep' in a ? fileText[start + a.keep]! : lang.indent.repeat(a.line.level) + a.line.text)),
    ...fileText.slice(start + k),
  ];
  const blockKeys = block.map((l) => lineKey(l.text));
  let expected: string | undefined = expectedLines.join(eol) + eol;

  if (category === 'stale') {
    // Someone else changed the line(s) the edit changes since the model read them.
    // Half the time only slightly (one word), so the old text is still very similar.
    for (const i of changed) {
      const text = block[i]!.text;
      const words = [...text.matchAll(/[A-Za-z]{4,}/g)];
      let other = simpleStatement(r, lang);
      if (words.length > 0 && r() < 0.5) {
        const w = pick(r, words);
        other = text.slice(0, w.index) + pick(r, ['renamed', 'other', 'fresh']) + text.slice(w.index + w[0].length);
      }
      while (other === text) other = simpleStatement(r, lang);
      fileText[start + i] = lang.indent.repeat(block[i]!.level) + other;
    }
    if (r() < 0.4) {
      const j = simple.find((i) => !changed.has(i));
      if (j !== undefined) fileText[start + j] = lang.indent.repeat(block[j]!.level) + simpleStatement(r, lang);
    }
    expected = undefined;
  }
  if (category === 'ambiguous') {
    // The same block pasted elsewhere, between two functions far from the original.
    const gaps = lines.map((l, i) => i).filter((i) => lines[i]!.text === '' && lines[i]!.level === 0 && (i < start - k - 5 || i > start + k + 5));
    if (gaps.length === 0) return undefined;
    const at = pick(r, gaps);
    fileText.splice(at, 0, ...block.map((l) => (l.text === '' ? '' : lang.indent.repeat(l.level) + l.text)));
    expected = undefined;
  }

  const keys = fileText.map(lineKey);
  if (countWindows(keys, blockKeys) !== (category === 'ambiguous' ? 2 : category === 'stale' ? 0 : 1)) return undefined;
  if (expected !== undefined && edit.search === edit.replace) return undefined;
  return { category, lang: lang.name, path, file: fileText.join(eol) + eol, edit, expected };
}

/** `perCategory` cases of each category over files of every language. */
export function buildCorpus(r: Random, perCategory: number): EditCase[] {
  const cases: EditCase[] = [];
  for (const category of CATEGORIES) {
    let made = 0;
    while (made < perCategory) {
      const lang = LANGS[made % LANGS.length]!;
      const eol = (lang.name === 'typescript' || lang.name === 'java') && r() < 0.4 ? '\r\n' : '\n';
      const lines = generateFile(r, lang, int(r, 40, 300));
      const path = `src/${category}/${made}.${lang.ext}`;
      for (let attempt = 0; attempt < 20; attempt++) {
        const c = makeCase(r, lang, lines, category, eol, path);
        if (c) {
          cases.push(c);
          made++;
          break;
        }
      }
    }
  }
  return cases;
}
