/**
 * The YAML front matter of an instruction file (`.instructions.md`, `.mdc`, a `.clinerules` file),
 * read for the few keys that decide when the file applies: `applyTo`, `globs`, `paths`,
 * `alwaysApply`, `description`. Only the subset those files use is understood — `key: value` with
 * plain, quoted or `[a, b]` values and `key:` followed by `- item` lines — so no YAML library
 * is needed; anything else is ignored, never an error (a file we cannot read the scope of is
 * treated as having none).
 */

export type FrontMatterValue = string | boolean | readonly string[];

export interface FrontMatter {
  readonly fields: Readonly<Record<string, FrontMatterValue>>;
  /** The text after the front matter (the whole text when there is none). */
  readonly body: string;
}

const OPENING = /^\uFEFF?---[ \t]*\r?\n/;
const CLOSING = /^---[ \t]*$/m;

export function parseFrontMatter(text: string): FrontMatter {
  const open = OPENING.exec(text);
  if (!open) return { fields: {}, body: text };
  const rest = text.slice(open[0].length);
  const close = CLOSING.exec(rest);
  if (!close) return { fields: {}, body: text };
  const body = rest.slice(close.index + close[0].length).replace(/^\r?\n/, '');
  return { fields: parseFields(rest.slice(0, close.index)), body };
}

function parseFields(yaml: string): Record<string, FrontMatterValue> {
  const fields: Record<string, FrontMatterValue> = {};
  let listKey: string | undefined;
  for (const raw of yaml.split(/\r?\n/)) {
    const line = stripComment(raw);
    if (line.trim() === '') continue;
    const item = /^\s+-\s*(.*)$/.exec(line) ?? /^-\s+(.*)$/.exec(line);
    if (item && listKey !== undefined) {
      const list = fields[listKey];
      fields[listKey] = [...(typeof list === 'object' ? list : []), unquote(item[1] ?? '')];
      continue;
    }
    const pair = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!pair) {
      listKey = undefined;
      continue;
    }
    const key = pair[1] as string;
    const value = (pair[2] ?? '').trim();
    listKey = value === '' ? key : undefined;
    if (value === '') fields[key] = [];
    else fields[key] = scalarOrList(value);
  }
  return fields;
}

function scalarOrList(value: string): FrontMatterValue {
  if (value.startsWith('[') && value.endsWith(']')) {
    return splitOutsideQuotes(value.slice(1, -1)).map(unquote).filter((v) => v !== '');
  }
  if (value === 'true') return true;
  if (value === 'false') return false;
  return unquote(value);
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) return v.slice(1, -1);
  return v;
}

/** A `#` starts a comment only outside quotes and after a space (globs hold no `#`, but be safe). */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) return line.slice(0, i);
  }
  return line;
}

function splitOutsideQuotes(text: string): string[] {
  const out: string[] = [];
  let quote: string | undefined;
  let current = '';
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = undefined;
      current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      current += c;
    } else if (c === ',') {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}

/** A field as a list of globs: a YAML list, or one string of comma-separated globs (Copilot's `applyTo`, Cursor's `globs`). */
export function globList(value: FrontMatterValue | undefined): string[] {
  if (value === undefined || typeof value === 'boolean') return [];
  const items = typeof value === 'string' ? splitOutsideQuotes(value) : [...value];
  return items.map(unquote).filter((g) => g !== '');
}

export function stringField(value: FrontMatterValue | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** `alwaysApply: true`; the quoted string "true" counts too (a frequent slip in hand-written rules). */
export function booleanField(value: FrontMatterValue | undefined): boolean {
  return value === true || value === 'true';
}
