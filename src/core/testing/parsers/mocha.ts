/**
 * mocha: `--reporter json` (stats + failures[].err.stack) and the default spec reporter
 * (`N passing`, `N failing`, then numbered failure blocks), plus the `Exception during run`
 * that mocha prints instead when a spec file does not load.
 */
import type { TestFailure } from '../types';
import {
  MAX_FAILURES,
  count,
  extractJson,
  failure,
  framesWithLocations,
  guessTestFile,
  isRecord,
  records,
  splitMessageAndStack,
  str,
  type ParsedReport,
  type TestParser,
} from './common';

function isMochaJson(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && isRecord(value.stats) && 'passes' in value.stats && (Array.isArray(value.failures) || Array.isArray(value.tests));
}

function parseMochaJson(text: string): ParsedReport {
  const value = extractJson(text);
  if (!isMochaJson(value)) return { format: 'mocha-json', passed: 0, failed: 0, skipped: 0, failures: [] };
  const stats = value.stats as Record<string, unknown>;
  const failures: TestFailure[] = [];
  for (const f of records(value.failures).slice(0, MAX_FAILURES)) {
    const err = isRecord(f.err) ? f.err : {};
    const errText = str(err.stack) ?? str(err.message) ?? '';
    const { message, stack } = splitMessageAndStack(errText);
    const frames = framesWithLocations(message, stack);
    const file = str(f.file) ?? guessTestFile(frames, message);
    failures.push(failure(str(f.fullTitle) ?? str(f.title) ?? '', file, message || (str(err.message) ?? ''), frames));
  }
  return {
    format: 'mocha-json',
    passed: count(stats.passes) ?? 0,
    failed: count(stats.failures) ?? failures.length,
    skipped: count(stats.pending) ?? 0,
    failures,
  };
}

export const mochaJsonParser: TestParser = {
  format: 'mocha-json',
  sniff: (text) => isMochaJson(extractJson(text)),
  parse: parseMochaJson,
};

const BLOCK_START = /^ {2}(\d+)\) (.*)$/;
const EXCEPTION = /^\s*Exception during run: (.*)$/;

function parseMochaText(text: string): ParsedReport {
  const lines = text.split('\n');
  const failures: TestFailure[] = [];
  let passed = 0;
  let failed: number | undefined;
  let skipped = 0;
  let inFailures = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const stat = /^ {2}(\d+) (passing|failing|pending)\b/.exec(line);
    if (stat) {
      const n = Number(stat[1]);
      if (stat[2] === 'passing') passed = n;
      else if (stat[2] === 'pending') skipped = n;
      else {
        failed = n;
        inFailures = true;
      }
      continue;
    }
    const exception = EXCEPTION.exec(line);
    if (exception?.[1] !== undefined) {
      i = exceptionBlock(lines, i, exception[1], failures);
      continue;
    }
    const start = inFailures ? BLOCK_START.exec(line) : null;
    if (!start) continue;
    // The title spans lines (one per suite level) and ends with a colon.
    const parts = [start[2]?.trim() ?? ''];
    while (!(parts.at(-1) ?? '').endsWith(':') && i + 1 < lines.length && parts.length < 12) {
      const next = lines[i + 1] ?? '';
      if (next.trim() === '' || BLOCK_START.test(next)) break;
      parts.push(next.trim());
      i++;
    }
    const body: string[] = [];
    while (i + 1 < lines.length && !BLOCK_START.test(lines[i + 1] ?? '') && !EXCEPTION.test(lines[i + 1] ?? '')) body.push(lines[++i] ?? '');
    const { message, stack } = splitMessageAndStack(body.join('\n'));
    const frames = framesWithLocations(message, stack);
    const title = parts.join(' › ').replace(/:$/, '');
    if (failures.length < MAX_FAILURES) failures.push(failure(title, guessTestFile(frames, message), message, frames));
  }
  const exceptions = failures.filter((f) => f.test === 'Exception during run').length;
  return { format: 'mocha-text', passed, failed: (failed ?? failures.length - exceptions) + exceptions, skipped, failures };
}

/** `Exception during run: SyntaxError[ @/abs/test/x.test.js ]: message` and its stack. */
function exceptionBlock(lines: readonly string[], start: number, head: string, failures: TestFailure[]): number {
  const body = [head];
  let i = start;
  while (i + 1 < lines.length && (lines[i + 1] ?? '').trim() !== '') body.push(lines[++i] ?? '');
  const { message, stack } = splitMessageAndStack(body.join('\n'));
  const frames = framesWithLocations(message, stack);
  const file = /\[ @(.+?) \]/.exec(head)?.[1] ?? guessTestFile(frames, message);
  const cleaned = message.replace(/\[ @.+? \]/, '');
  if (!failures.some((f) => f.test === 'Exception during run' && f.message === cleaned.trim())) {
    failures.push(failure('Exception during run', file, cleaned, frames));
  }
  return i;
}

export const mochaTextParser: TestParser = {
  format: 'mocha-text',
  sniff: (text) => /^ {2}\d+ passing \(\d/m.test(text) || /^ {2}\d+ failing$/m.test(text) || /^\s*Exception during run: /m.test(text),
  parse: parseMochaText,
};
