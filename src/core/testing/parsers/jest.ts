/**
 * jest: the `--json` report (also what vitest's json reporter imitates) and the default text
 * reporter (`FAIL file`, `● Suite › test` blocks, `Tests: 1 failed, 3 passed, 4 total`).
 */
import type { StackFrame, TestFailure, TestFormat } from '../types';
import {
  MAX_FAILURES,
  count,
  countsIn,
  extractJson,
  failure,
  framesWithLocations,
  isRecord,
  normalizeText,
  records,
  splitMessageAndStack,
  str,
  type ParsedReport,
  type TestParser,
} from './common';

const SKIPPED = new Set(['pending', 'skipped', 'todo', 'disabled', 'focused']);

/** A jest-shaped report object: testResults[] with assertionResults[]. */
export function isJestShaped(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && Array.isArray(value.testResults) && ('numTotalTests' in value || 'numFailedTests' in value);
}

/** jest adds fields vitest does not write. */
export function isJestJson(value: unknown): boolean {
  if (!isJestShaped(value)) return false;
  if ('numRuntimeErrorTestSuites' in value || 'openHandles' in value || 'wasInterrupted' in value) return true;
  return records(value.testResults).some((r) => 'testFilePath' in r || 'perfStats' in r || 'leaks' in r);
}

/** Shared by jest and vitest json: they agree on testResults[].assertionResults[]. */
export function parseJestLikeJson(value: Record<string, unknown>, format: TestFormat): ParsedReport {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let brokenFiles = 0;
  const failures: TestFailure[] = [];
  for (const file of records(value.testResults)) {
    const testFile = str(file.name) ?? str(file.testFilePath);
    const assertions = records(file.assertionResults);
    let failedHere = 0;
    for (const a of assertions) {
      const status = str(a.status) ?? '';
      if (status === 'passed') passed++;
      else if (SKIPPED.has(status)) skipped++;
      else if (status === 'failed') {
        failed++;
        failedHere++;
        const titles = [...(Array.isArray(a.ancestorTitles) ? a.ancestorTitles.filter((t) => typeof t === 'string') : []), str(a.title) ?? ''];
        const name = titles.filter(Boolean).join(' › ') || (str(a.fullName) ?? '');
        const text = (Array.isArray(a.failureMessages) ? a.failureMessages.filter((m) => typeof m === 'string') : []).join('\n');
        if (failures.length < MAX_FAILURES) failures.push(fromErrorText(name, testFile, text));
      }
    }
    // A file that failed without a failing test never ran: syntax error, missing import.
    if (str(file.status) === 'failed' && failedHere === 0) {
      brokenFiles++;
      const message = str(file.message) ?? str(file.failureMessage) ?? '';
      if (failures.length < MAX_FAILURES) failures.push(suiteFailure(testFile, message));
    }
  }
  const total = (key: string, fallback: number) => count(value[key]) ?? fallback;
  return {
    format,
    passed: total('numPassedTests', passed),
    failed: total('numFailedTests', failed) + brokenFiles,
    skipped: 'numPendingTests' in value || 'numTodoTests' in value ? (count(value.numPendingTests) ?? 0) + (count(value.numTodoTests) ?? 0) : skipped,
    failures,
  };
}

function fromErrorText(name: string, testFile: string | undefined, text: string): TestFailure {
  const { message, stack } = splitMessageAndStack(text);
  return failure(name, testFile, message, framesWithLocations(message, stack));
}

/** jest prints `● Test suite failed to run` above the error of a file that could not load. */
function suiteFailure(testFile: string | undefined, text: string): TestFailure {
  const body = normalizeText(text).replace(/^\s*●\s*Test suite failed to run\s*\n/, '');
  const { message, stack } = splitMessageAndStack(withoutCodeFrames(body));
  return failure('Test suite failed to run', testFile, message, framesWithLocations(message, stack));
}

/** Drops jest's and babel's `> 5 | code` excerpts, which are not part of the message. */
function withoutCodeFrames(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*>?\s*\d*\s*\|/.test(line))
    .join('\n');
}

export const jestJsonParser: TestParser = {
  format: 'jest-json',
  sniff: (text) => isJestJson(extractJson(text)),
  parse: (text) => {
    const value = extractJson(text);
    return isJestShaped(value) ? parseJestLikeJson(value, 'jest-json') : { format: 'jest-json', passed: 0, failed: 0, skipped: 0, failures: [] };
  },
};

const FILE_LINE = /^ ?(PASS|FAIL) +(\S.*?)(?: \(\d[\d.]* m?s\))?\s*$/;
const BULLET = /^ {2}● (.+)$/;
const SUMMARY = /^Tests: +(.+)$/;
const END_OF_BLOCK = /^(?:Test Suites:|Tests:|Snapshots:|Time:|Ran all test suites|Summary of all failing tests)/;

function parseJestText(raw: string): ParsedReport {
  const lines = normalizeText(raw).split('\n');
  const failures: TestFailure[] = [];
  const seen = new Set<string>();
  let file: string | undefined;
  let summary: Record<string, number> | undefined;
  let blocks = 0;
  let brokenFiles = 0;
  let repeat = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fileLine = FILE_LINE.exec(line);
    if (fileLine) {
      file = fileLine[2];
      continue;
    }
    const sum = SUMMARY.exec(line);
    if (sum?.[1]) {
      summary = countsIn(sum[1]);
      continue;
    }
    if (/^Summary of all failing tests/.test(line)) repeat = true; // the blocks again, in brief
    const bullet = repeat ? null : BULLET.exec(line);
    if (!bullet?.[1]) continue;
    const body: string[] = [];
    while (i + 1 < lines.length) {
      const next = lines[i + 1] ?? '';
      if (BULLET.test(next) || FILE_LINE.test(next) || END_OF_BLOCK.test(next)) break;
      body.push(next);
      i++;
    }
    const title = bullet[1].trim();
    const key = `${file ?? ''}\u0000${title}`;
    if (seen.has(key)) continue;
    seen.add(key);
    blocks++;
    if (title === 'Test suite failed to run') brokenFiles++;
    if (failures.length < MAX_FAILURES) failures.push(blockFailure(title, file, body));
  }
  return {
    format: 'jest-text',
    passed: summary?.passed ?? 0,
    failed: (summary ? (summary.failed ?? 0) : blocks - brokenFiles) + brokenFiles,
    skipped: (summary?.skipped ?? 0) + (summary?.todo ?? 0) + (summary?.pending ?? 0),
    failures,
  };
}

/** A `●` block: message, an optional code frame, the `at` lines, maybe a `Cause:` section. */
function blockFailure(title: string, file: string | undefined, body: string[]): TestFailure {
  const text = withoutCodeFrames(body.join('\n'));
  const { message, stack } = splitMessageAndStack(text);
  const frames: StackFrame[] = framesWithLocations(message, stack);
  return failure(title, file, message, frames);
}

export const jestTextParser: TestParser = {
  format: 'jest-text',
  sniff: (text) => /^ ?(?:PASS|FAIL) +\S/m.test(text) && (/^(?:Tests|Test Suites): +\d/m.test(text) || /^ {2}● /m.test(text)),
  parse: parseJestText,
};
