/**
 * vitest: `--reporter=json` (jest's shape) and the default text reporter (`FAIL  file > suite >
 * test` blocks with `❯ file:line:col` frames, separated by `⎯` rules; `Tests  1 failed | 3 passed`).
 */
import type { TestFailure } from '../types';
import {
  MAX_FAILURES,
  countsIn,
  extractJson,
  failure,
  framesWithLocations,
  splitMessageAndStack,
  type ParsedReport,
  type TestParser,
} from './common';
import { isJestJson, isJestShaped, parseJestLikeJson } from './jest';

export const vitestJsonParser: TestParser = {
  format: 'vitest-json',
  sniff: (text) => {
    const value = extractJson(text);
    return isJestShaped(value) && !isJestJson(value);
  },
  parse: (text) => {
    const value = extractJson(text);
    return isJestShaped(value) ? parseJestLikeJson(value, 'vitest-json') : { format: 'vitest-json', passed: 0, failed: 0, skipped: 0, failures: [] };
  },
};

const FAIL_LINE = /^ FAIL {2}(?:\|[^|]+\| )?(.+?)\s*$/;
const RULE = /^⎯{3,}/;
const SUITE_FAILED = 'Test suite failed to run';

interface Heading {
  readonly test: string;
  readonly file?: string;
  readonly suite: boolean;
}

function heading(rest: string): Heading {
  const suite = /^(.*?) \[ (.*) \]$/.exec(rest);
  if (suite?.[1]) return { test: SUITE_FAILED, file: suite[1], suite: true };
  const at = rest.indexOf(' > ');
  if (at < 0) return { test: rest, file: rest, suite: true };
  return { test: rest.slice(at + 3), file: rest.slice(0, at), suite: false };
}

/** Code frames (`  9|   code`, `   |   ^`) sit between frames; they are not message text. */
function withoutCodeFrames(lines: readonly string[]): string {
  return lines.filter((line) => !/^\s*\d*\s*\|/.test(line)).join('\n');
}

function parseVitestText(text: string): ParsedReport {
  const lines = text.split('\n');
  const failures: TestFailure[] = [];
  let summary: Record<string, number> | undefined;
  let brokenFiles = 0;
  let blocks = 0;
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const tests = /^\s*Tests {2,}(.+)$/.exec(line);
    if (tests?.[1]) summary = countsIn(tests[1]);
    if (RULE.test(line)) {
      section = line.replace(/⎯/g, '').trim();
      continue;
    }
    if (/^Unhandled (?:Error|Rejection)$/.test(section)) {
      i = unhandled(lines, i, failures);
      section = '';
      continue;
    }
    const first = FAIL_LINE.exec(line);
    if (!first?.[1]) continue;
    // vitest prints one error once under every test that threw it.
    const headings: Heading[] = [heading(first[1])];
    while (i + 1 < lines.length && FAIL_LINE.test(lines[i + 1] ?? '')) {
      headings.push(heading(FAIL_LINE.exec(lines[++i] ?? '')?.[1] ?? ''));
    }
    const body: string[] = [];
    while (i + 1 < lines.length && !RULE.test(lines[i + 1] ?? '') && !FAIL_LINE.test(lines[i + 1] ?? '')) body.push(lines[++i] ?? '');
    const { message, stack } = splitMessageAndStack(withoutCodeFrames(body));
    const frames = framesWithLocations(message, stack);
    for (const h of headings) {
      if (h.suite) brokenFiles++;
      else blocks++;
      if (failures.length < MAX_FAILURES) failures.push(failure(h.test, h.file, message, frames));
    }
  }
  return {
    format: 'vitest-text',
    passed: summary?.passed ?? 0,
    failed: (summary?.failed ?? blocks) + brokenFiles,
    skipped: (summary?.skipped ?? 0) + (summary?.todo ?? 0),
    failures,
  };
}

/** An `Unhandled Rejection` block: no test owns it, but it names the file that was running. */
function unhandled(lines: readonly string[], start: number, failures: TestFailure[]): number {
  const body: string[] = [];
  let i = start;
  while (i < lines.length && !RULE.test(lines[i] ?? '')) body.push(lines[i++] ?? '');
  const text = body.join('\n');
  const origin = /originated in "([^"]+)" test file/.exec(text)?.[1];
  const latest = /latest test that might've caused the error is "([^"]+)"/.exec(text)?.[1];
  const { message, stack } = splitMessageAndStack(withoutCodeFrames(body.filter((l) => !/^(This error originated|The latest test|It doesn't mean)/.test(l))));
  if (failures.length < MAX_FAILURES) {
    failures.push(failure(latest ? `Unhandled error (during "${latest}")` : 'Unhandled error', origin, message, framesWithLocations(message, stack)));
  }
  return i - 1;
}

export const vitestTextParser: TestParser = {
  format: 'vitest-text',
  sniff: (text) =>
    /^ RUN {2}v\d/m.test(text) || (/^\s*Test Files {2,}\d/m.test(text) && /^\s*Tests {2,}\d/m.test(text)) || (/^ FAIL {2}\S.* > /m.test(text) && /^⎯{3,}/m.test(text)),
  parse: parseVitestText,
};
