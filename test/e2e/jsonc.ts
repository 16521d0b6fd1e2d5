/** Reads VS Code's settings.json, which is JSON with comments and trailing commas. */
import { readFileSync } from 'node:fs';

/** Drops comments and trailing commas outside strings, then parses. */
export function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === ',' && /^\s*[}\]]/.test(stripComments(text.slice(i + 1, i + 200)))) {
      // A trailing comma: JSON.parse refuses it, VS Code writes and accepts it.
    } else {
      out += c;
    }
  }
  return JSON.parse(out);
}

function stripComments(s: string): string {
  return s.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '');
}

/** A settings file as an object; a missing or empty file is `{}`. */
export function readJsonc(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  if (text.trim() === '') return {};
  return parseJsonc(text) as Record<string, unknown>;
}
