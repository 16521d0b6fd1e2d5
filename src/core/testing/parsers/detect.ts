/**
 * Choosing a parser for an output: by hint when given and it understands the text, else the
 * first parser in the registry whose sniff recognises it. Structured formats come first in the
 * registry, so a console log that embeds a JSON report is read from the JSON.
 */
import type { TestFormat } from '../types';
import type { TestParser } from './common';

function sniffs(parser: TestParser, text: string): boolean {
  try {
    return parser.sniff(text);
  } catch {
    return false; // a sniffer that throws on hostile input simply does not recognise it
  }
}

/** `text` must already be normalised (ANSI stripped, `\n` line ends). */
export function pickParser(text: string, parsers: readonly TestParser[], hint?: TestFormat): TestParser | undefined {
  if (hint && hint !== 'unknown') {
    const hinted = parsers.find((p) => p.format === hint);
    if (hinted && sniffs(hinted, text)) return hinted;
  }
  return parsers.find((p) => sniffs(p, text));
}

export function detectFormatIn(text: string, parsers: readonly TestParser[]): TestFormat {
  return pickParser(text, parsers)?.format ?? 'unknown';
}

const STRUCTURED: ReadonlySet<TestFormat> = new Set(['jest-json', 'vitest-json', 'mocha-json', 'junit-xml', 'node-tap', 'go-json']);

/** Machine-readable formats win over console text when two reports describe one run. */
export function isStructured(format: TestFormat): boolean {
  return STRUCTURED.has(format);
}

/** Which tool wrote a format, to tell "same run, two reporters" from "two different runs". */
export function familyOf(format: TestFormat): string {
  const dash = format.indexOf('-');
  if (format === 'node-tap' || format === 'node-spec') return 'node';
  if (format === 'junit-xml' || format === 'unknown') return format;
  return dash < 0 ? format : format.slice(0, dash);
}
