/**
 * Test output → `TestReport`, whatever the tool. Never throws: an output nobody recognises
 * (or a parser that trips) becomes an `unknown` report with the exit code and the raw tail,
 * plus one synthetic failure when the command failed, so the QA loop always has something.
 *
 * To add a format, write a module exporting a `TestParser` and add it to `PARSERS`.
 */
import type { TestFailure, TestFormat, TestReport } from '../types';
import { ALL_FRAME_PARSERS, firstLines, framesWithLocations, normalizeText, splitMessageAndStack, tail, type ParsedReport, type TestParser } from './common';
import { familyOf, isStructured, pickParser } from './detect';
import { jestJsonParser, jestTextParser } from './jest';
import { goJsonParser, goTextParser } from './goTest';
import { junitParser } from './junit';
import { mochaJsonParser, mochaTextParser } from './mocha';
import { nodeSpecParser, nodeTapParser } from './nodeTest';
import { pytestJunitParser, pytestTextParser } from './pytest';
import { vitestJsonParser, vitestTextParser } from './vitest';

export type { TestParser, ParsedReport, FrameParser } from './common';

/** Sniffed in order: structured formats first, then the text reporters, most specific first. */
export const PARSERS: readonly TestParser[] = [
  jestJsonParser,
  vitestJsonParser,
  mochaJsonParser,
  goJsonParser,
  pytestJunitParser,
  junitParser,
  nodeTapParser,
  vitestTextParser,
  jestTextParser,
  mochaTextParser,
  nodeSpecParser,
  pytestTextParser,
  goTextParser,
];

export interface ParseOptions {
  readonly exitCode?: number;
  /** The format the caller expects (from the test command); used when the text agrees. */
  readonly formatHint?: TestFormat;
}

export function detectFormat(text: string): TestFormat {
  try {
    return pickParser(normalizeText(String(text)), PARSERS)?.format ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function parseTestOutput(text: string, opts: ParseOptions = {}): TestReport {
  let clean = '';
  try {
    clean = normalizeText(typeof text === 'string' ? text : String(text ?? ''));
  } catch {
    clean = '';
  }
  const rawTail = tail(clean);
  let parsed: ParsedReport | undefined;
  try {
    const parser = pickParser(clean, PARSERS, opts.formatHint);
    parsed = parser?.parse(clean);
  } catch {
    parsed = undefined; // a parser bug must not hide the run: fall back to the raw output
  }
  const base: ParsedReport = parsed ?? { format: 'unknown', passed: 0, failed: 0, skipped: 0, failures: [] };
  const failedRun = opts.exitCode !== undefined && opts.exitCode !== 0;
  if (failedRun && base.failed === 0 && base.failures.length === 0) {
    return { ...base, failed: 1, failures: [commandFailure(clean, opts.exitCode ?? 1)], exitCode: opts.exitCode, rawTail };
  }
  return opts.exitCode === undefined ? { ...base, rawTail } : { ...base, exitCode: opts.exitCode, rawTail };
}

/** The command failed but no test said why: the error-looking end of the output stands in. */
function commandFailure(text: string, exitCode: number): TestFailure {
  const lines = text.trimEnd().split('\n').slice(-200);
  const at = lines.findIndex((line) => /\b(?:\w*Error|ERR!|Exception|Traceback|panic|FAIL(?:ED)?|Cannot find|not found)\b/.test(line));
  const from = at < 0 ? Math.max(0, lines.length - 12) : at;
  const { message, stack } = splitMessageAndStack(lines.slice(from).join('\n'), ALL_FRAME_PARSERS);
  const frames = framesWithLocations(lines.slice(from).join('\n'), stack, ALL_FRAME_PARSERS);
  return {
    test: `(test command failed with exit code ${exitCode})`,
    message: firstLines(message) || `exit code ${exitCode} and no output`,
    stack: frames,
  };
}

/**
 * Several outputs of one test step (the console log and a report file, or two tools' runs).
 * Reports of the same run count once, read from the structured one; different runs add up.
 */
export function parseTestOutputs(texts: readonly string[], opts: ParseOptions = {}): TestReport {
  const all = texts.map((text) => parseTestOutput(text, { exitCode: opts.exitCode }));
  const known = all.filter((r) => r.format !== 'unknown');
  const reports = known.length ? known : all;
  if (reports.length === 0) return parseTestOutput('', opts);
  const groups: TestReport[][] = [];
  for (const report of reports) {
    const group = groups.find((g) => g[0] && sameRun(g[0], report));
    if (group) group.push(report);
    else groups.push([report]);
  }
  const chosen = groups.map(pickBest);
  const first = chosen[0] as TestReport;
  if (chosen.length === 1) return first;
  const sum = (key: 'passed' | 'failed' | 'skipped') => chosen.reduce((n, r) => n + r[key], 0);
  return {
    format: first.format,
    passed: sum('passed'),
    failed: sum('failed'),
    skipped: sum('skipped'),
    failures: chosen.flatMap((r) => r.failures),
    ...(opts.exitCode === undefined ? {} : { exitCode: opts.exitCode }),
    rawTail: tail(chosen.map((r) => r.rawTail).join('\n')),
  };
}

function nameKey(f: TestFailure): string {
  return f.test.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

function suffixMatch(a: string, b: string): boolean {
  return a.length > 0 && b.length > 0 && (a.endsWith(b) || b.endsWith(a));
}

function filePath(file: string | undefined): string {
  return (file ?? '').replace(/^file:\/\//, '').replace(/\\/g, '/');
}

/** A failure of a whole file (it did not load): each reporter names it its own way. */
function fileLevel(f: TestFailure): boolean {
  return f.test === 'Test suite failed to run' || f.test === 'Exception during run' || (f.testFile !== undefined && suffixMatch(filePath(f.test), filePath(f.testFile)));
}

function matches(a: TestFailure, b: TestFailure): boolean {
  if (suffixMatch(nameKey(a), nameKey(b))) return true;
  return fileLevel(a) && fileLevel(b) && suffixMatch(filePath(a.testFile), filePath(b.testFile));
}

function sameRun(a: TestReport, b: TestReport): boolean {
  const fa = familyOf(a.format);
  const fb = familyOf(b.format);
  if (fa !== fb && fa !== 'junit-xml' && fb !== 'junit-xml') return false;
  if (a.failures.length === 0 || b.failures.length === 0) {
    return a.failures.length === b.failures.length && a.passed === b.passed;
  }
  const shared = a.failures.filter((f) => b.failures.some((g) => matches(f, g))).length;
  return shared > 0 && shared * 2 >= Math.min(a.failures.length, b.failures.length);
}

/** The structured report of a run, its gaps (frames, test file) filled from the others. */
function pickBest(group: readonly TestReport[]): TestReport {
  const ranked = [...group].sort((x, y) => Number(isStructured(y.format)) - Number(isStructured(x.format)));
  const best = ranked[0] as TestReport;
  const others = ranked.slice(1).flatMap((r) => r.failures);
  const failures = best.failures.map((f) => {
    const twin = others.find((o) => matches(f, o));
    if (!twin) return f;
    return {
      ...f,
      testFile: f.testFile ?? twin.testFile,
      stack: f.stack.length ? f.stack : twin.stack,
    };
  });
  return { ...best, failures };
}
