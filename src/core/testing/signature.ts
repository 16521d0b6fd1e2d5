/**
 * A failure's cause in a form that survives paths, line numbers, timings and ids: two failures
 * with one signature fail for one reason. Used to tell what already failed before the squad's
 * changes (the baseline) and to send one fix request for one cause, however many tests it fails.
 */
import type { TestFailure } from './types';

const MAX_SIGNATURE = 300;

/** Errors raised by code, not by an assertion: the same one in two tests is one cause. */
const THROWN = /^(?:Uncaught )?(?:[A-Z][A-Za-z]*Error|Error|ERR_[A-Z_]+|[A-Za-z.]+Exception|panic)\b|\[ERR_[A-Z_]+\]|No such built-in module|Cannot find (?:module|package)|ModuleNotFoundError|ImportError|is not a function|is not defined|Cannot read propert/;
const ASSERTION = /AssertionError|\bexpect\(|\bassert\b|Expected|expected .* to |toBe|toEqual|!==|\bnot ok\b/i;

export function failureSignature(failure: Pick<TestFailure, 'message'>): string {
  const first = failure.message.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
  return normalise(first).slice(0, MAX_SIGNATURE);
}

/**
 * The whole message, normalised the same way: two runs whose assertion failed with other values
 * (`2 !== 3` vs `5 !== 3`) have one signature (the first line) but not one fingerprint. Used to say
 * a failure is exactly the same as before.
 */
export function failureFingerprint(failure: Pick<TestFailure, 'message'>): string {
  return failure.message
    .split('\n')
    .map((l) => normalise(l.trim()))
    .filter((l) => l !== '')
    .join('\n')
    .slice(0, 4 * MAX_SIGNATURE);
}

/** True when the failure is an error thrown by code rather than a failed assertion. */
export function isThrownError(failure: Pick<TestFailure, 'message'>): boolean {
  const first = failure.message.split('\n').find((l) => l.trim() !== '') ?? '';
  return THROWN.test(first) && !/^AssertionError/.test(first.trim()) && !ASSERTION.test(first.replace(/Error:?/g, ''));
}

function normalise(line: string): string {
  return line
    .replace(/file:\/\/\S+/g, '<path>')
    .replace(/(?:[A-Za-z]:)?(?:[\\/][\w.@~+-]+){2,}(?::\d+){0,2}/g, '<path>')
    .replace(/\b[\w.@-]+\.(?:[cm]?[jt]sx?|py|go|json)(?::\d+){0,2}\b/g, '<path>')
    .replace(/\b0x[0-9a-f]+\b/gi, '<hex>')
    .replace(/\b[0-9a-f]{12,}\b/gi, '<id>')
    .replace(/\(?\b\d+(?:\.\d+)?\s?(?:ms|s)\b\)?/g, '<time>')
    .replace(/\bline \d+\b/g, 'line <n>')
    .replace(/\s+/g, ' ')
    .trim();
}
