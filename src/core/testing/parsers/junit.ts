/**
 * JUnit XML, as jest-junit, vitest, node:test, pytest (--junitxml) and others write it:
 * <testsuites>/<testsuite> (nested or not) holding <testcase> with <failure>, <error> or
 * <skipped>. Tool differences (where the file is, how frames look) are options, not forks.
 */
import { XMLParser } from 'fast-xml-parser';
import type { TestFailure, TestFormat } from '../types';
import {
  ALL_FRAME_PARSERS,
  MAX_FAILURES,
  failure,
  firstLines,
  isFrameLine,
  isRecord,
  locationsInMessage,
  parseFrames,
  capFrames,
  type FrameParser,
  type ParsedReport,
  type TestParser,
} from './common';

/** What a <testcase> says about itself, for the naming hooks. */
export interface JunitCase {
  readonly name: string;
  readonly classname?: string;
  /** The `file` attribute of the testcase, or failing that of its testsuite. */
  readonly file?: string;
  /** The enclosing <testsuite name>. */
  readonly suite?: string;
}

export interface JunitOptions {
  /** How to read frames from a failure body; default: V8, vitest `❯`, Python, `path:line:`. */
  readonly frameParsers?: readonly FrameParser[];
  /** The test file of a case; default: `file`, else a path-like classname or suite name. */
  readonly testFileOf?: (tc: JunitCase) => string | undefined;
  /** The reported test name; default: `classname › name` unless classname is a path. */
  readonly testNameOf?: (tc: JunitCase) => string;
  readonly format?: TestFormat;
}

const PATHLIKE = /[/\\]|\.(?:[cm]?[jt]sx?|py|go|rb|java|kt)$/;

function defaultTestFile(tc: JunitCase): string | undefined {
  if (tc.file) return tc.file;
  if (tc.classname && PATHLIKE.test(tc.classname)) return tc.classname;
  if (tc.suite && PATHLIKE.test(tc.suite)) return tc.suite;
  return undefined;
}

/** node:test's JUnit reporter names a top-level test's class "test": not a suite worth naming. */
const NODE_TEST_TOP_LEVEL = 'test';

function defaultTestName(tc: JunitCase): string {
  if (!tc.classname || tc.classname === NODE_TEST_TOP_LEVEL || PATHLIKE.test(tc.classname) || tc.name.startsWith(tc.classname)) return tc.name;
  return `${tc.classname} › ${tc.name}`;
}

const LISTS = new Set(['testsuites', 'testsuite', 'testcase', 'failure', 'error', 'skipped']);

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (name, _jpath, _leaf, isAttribute) => !isAttribute && LISTS.has(name),
});

function attr(node: Record<string, unknown>, key: string): string | undefined {
  const value = node[`@${key}`];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function textOf(node: unknown): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (!isRecord(node)) return '';
  const text = node['#text'];
  return Array.isArray(text) ? text.join('') : typeof text === 'string' || typeof text === 'number' ? String(text) : '';
}

/** Child elements as records; a text-only element becomes `{ '#text': … }`. */
function list(node: Record<string, unknown>, key: string): Record<string, unknown>[] {
  const value = node[key];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => (isRecord(v) ? v : { '#text': typeof v === 'string' || typeof v === 'number' ? String(v) : '' }));
}

const ERROR_CLASS = /^(?:[A-Z][\w.]*)?(?:Error|Exception|Failure)$/;

/** The XML document in `text`, which may follow other output. */
function xmlPart(text: string): string | undefined {
  const start = text.search(/<\?xml|<testsuites\b|<testsuite\b/);
  return start < 0 ? undefined : text.slice(start);
}

export function parseJunitXml(text: string, options: JunitOptions = {}): ParsedReport {
  const format = options.format ?? 'junit-xml';
  const empty: ParsedReport = { format, passed: 0, failed: 0, skipped: 0, failures: [] };
  const doc = xmlPart(text);
  if (doc === undefined) return empty;
  const root: unknown = xml.parse(doc);
  if (!isRecord(root)) return empty;
  const parsers = options.frameParsers ?? ALL_FRAME_PARSERS;
  const fileOf = options.testFileOf ?? defaultTestFile;
  const nameOf = options.testNameOf ?? defaultTestName;
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures: TestFailure[] = [];

  const visitCase = (tc: Record<string, unknown>, suite: Record<string, unknown> | undefined) => {
    const suiteName = suite ? attr(suite, 'name') : undefined;
    const c: JunitCase = {
      name: attr(tc, 'name') ?? '',
      classname: attr(tc, 'classname'),
      file: attr(tc, 'file') ?? (suite ? attr(suite, 'file') ?? attr(suite, 'filepath') : undefined),
      suite: suiteName,
    };
    const problems = [...list(tc, 'failure'), ...list(tc, 'error')];
    if (problems.length === 0) {
      if (list(tc, 'skipped').length > 0) skipped++;
      else passed++;
      return;
    }
    failed++;
    if (failures.length >= MAX_FAILURES) return;
    const problem = problems[0] ?? {};
    const body = textOf(problem);
    const type = attr(problem, 'type');
    const headline = attr(problem, 'message')?.trim();
    const bodyMessage = body.split('\n').filter((line) => !isFrameLine(line, parsers)).join('\n');
    // node:test wraps the real error: `Error [ERR_TEST_FAILURE]: … { cause: TypeError: … }`.
    const cause = /^\s*cause: ((?:[A-Z]\w*)?Error\b.*)$/m.exec(body)?.[1]?.trim();
    const message = cause && cause !== "'test failed'"
      ? cause
      : headline
        ? type && ERROR_CLASS.test(type) && !headline.startsWith(type) ? `${type}: ${headline}` : headline
        : firstLines(bodyMessage);
    const frames = capFrames([...locationsInMessage(body), ...parseFrames(body, parsers)]);
    failures.push(failure(nameOf(c), fileOf(c), message, frames));
  };

  const visit = (node: Record<string, unknown>, suite: Record<string, unknown> | undefined) => {
    for (const tc of list(node, 'testcase')) visitCase(tc, suite);
    for (const child of list(node, 'testsuite')) visit(child, child);
    for (const child of list(node, 'testsuites')) visit(child, undefined);
  };
  visit(root, undefined);
  return { format, passed, failed, skipped, failures };
}

export const junitParser: TestParser = {
  format: 'junit-xml',
  sniff: (text) => /<testsuites?\b[^>]*>/.test(text.slice(0, 200_000)) && /<testcase\b|<\/testsuites?>|<testsuites?\b[^>]*\/>/.test(text),
  parse: (text) => parseJunitXml(text),
};
