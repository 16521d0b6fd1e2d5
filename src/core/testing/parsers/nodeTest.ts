/**
 * node:test: the TAP reporter (`not ok` points with YAML diagnostics: location, error, stack)
 * and the spec reporter (`✔`/`✖` tree, `✖ failing tests:` section, `ℹ tests N` summary).
 * A test file that dies before its tests run shows up as a failing test named after the file,
 * with the subprocess's stderr printed loose above it: that text carries the real error.
 */
import type { StackFrame, TestFailure } from '../types';
import {
  MAX_FAILURES,
  bareV8Frame,
  capFrames,
  failure,
  framesWithLocations,
  guessTestFile,
  locationsInMessage,
  parseFrames,
  splitMessageAndStack,
  type ParsedReport,
  type TestParser,
} from './common';

const GENERIC = /^test failed$/;

/** The error and frames hidden in a dead test file's stderr. */
function fromStray(stray: readonly string[]): { message: string; frames: StackFrame[] } | undefined {
  const text = stray.join('\n');
  const errorLine = stray.find((line) => /^\s*(?:\w+Error|Error)\b[^:]*:/.test(line));
  if (!errorLine) return undefined;
  return { message: errorLine.trim(), frames: capFrames([...locationsInMessage(text), ...parseFrames(text)]) };
}

function withoutLineCol(location: string): string {
  return location.replace(/:\d+(?::\d+)?$/, '');
}

// ---- TAP ----

const POINT = /^(\s*)(not ok|ok)\b(?: \d+)?(?: - (.*?))?(?: # (SKIP|TODO)\b.*)?\s*$/i;
const SUBTEST = /^(\s*)# Subtest: (.*)$/;
const TAP_SUMMARY = /^# (tests|suites|pass|fail|cancelled|skipped|todo) (\d+)\s*$/;

/** The small YAML subset node writes: scalars, quoted strings, `|-` blocks. */
function readYaml(lines: readonly string[], start: number): { fields: Map<string, string>; end: number } {
  const fields = new Map<string, string>();
  const indent = (lines[start] ?? '').indexOf('---');
  let i = start + 1;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '...' && line.indexOf('...') <= indent + 1) break;
    const kv = /^(\s*)([\w-]+):(?: (.*))?$/.exec(line);
    if (!kv || (kv[1]?.length ?? 0) !== indent) continue;
    const key = kv[2] ?? '';
    const value = (kv[3] ?? '').trim();
    if (/^[|>][-+]?$/.test(value)) {
      const block: string[] = [];
      while (i + 1 < lines.length && ((lines[i + 1] ?? '').trim() === '' || leading(lines[i + 1] ?? '') > indent) && (lines[i + 1] ?? '').trim() !== '...') {
        block.push((lines[++i] ?? '').slice(indent + 2));
      }
      fields.set(key, block.join('\n'));
    } else fields.set(key, unquote(value));
  }
  return { fields, end: i };
}

function leading(line: string): number {
  return line.length - line.trimStart().length;
}

function unquote(value: string): string {
  if (value.startsWith("'") && value.endsWith("'") && value.length >= 2) return value.slice(1, -1).replace(/''/g, "'");
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
    try {
      return String(JSON.parse(value));
    } catch {
      return value.slice(1, -1);
    }
  }
  return value === '~' ? '' : value;
}

function parseTap(text: string): ParsedReport {
  const lines = text.split('\n');
  const failures: TestFailure[] = [];
  const open: { indent: number; name: string }[] = [];
  const summary = new Map<string, number>();
  let stray: string[] = [];
  let leaves = { passed: 0, failed: 0, skipped: 0 };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const sub = SUBTEST.exec(line);
    if (sub) {
      open.push({ indent: sub[1]?.length ?? 0, name: sub[2] ?? '' });
      continue;
    }
    const sum = TAP_SUMMARY.exec(line);
    if (sum) {
      summary.set(sum[1] ?? '', Number(sum[2]));
      continue;
    }
    const point = POINT.exec(line);
    if (!point) {
      if (/^\s*# /.test(line)) stray.push(line.replace(/^\s*# ?/, ''));
      continue;
    }
    const depth = point[1]?.length ?? 0;
    const ancestors = open.filter((o) => o.indent < depth).map((o) => o.name);
    while (open.length && (open.at(-1)?.indent ?? -1) >= depth) open.pop();
    const yaml = (lines[i + 1] ?? '').trim() === '---' ? readYaml(lines, i + 1) : undefined;
    if (yaml) i = yaml.end;
    const fields = yaml?.fields ?? new Map<string, string>();
    const directive = point[4]?.toUpperCase();
    const isSuite = fields.get('type') === 'suite' || fields.get('failureType') === 'subtestsFailed';
    if (!isSuite) {
      if (directive) leaves.skipped++;
      else if (point[2] === 'ok') leaves.passed++;
      else leaves.failed++;
    }
    const failed = point[2]?.toLowerCase() === 'not ok' && directive !== 'TODO';
    const failureType = fields.get('failureType');
    if (failed && !isSuite && failureType !== 'cancelledByParent' && failures.length < MAX_FAILURES) {
      failures.push(tapFailure([...ancestors, point[3] ?? ''].join(' › '), fields, stray));
    }
    stray = [];
  }
  leaves = summary.size ? { passed: summary.get('pass') ?? 0, failed: (summary.get('fail') ?? 0) + (summary.get('cancelled') ?? 0), skipped: (summary.get('skipped') ?? 0) + (summary.get('todo') ?? 0) } : leaves;
  return { format: 'node-tap', ...leaves, failures };
}

function tapFailure(name: string, fields: Map<string, string>, stray: readonly string[]): TestFailure {
  const location = fields.get('location');
  const error = fields.get('error') ?? '';
  const errName = fields.get('name');
  let message = errName && !error.startsWith(errName) ? `${errName}: ${error}` : error;
  let frames = capFrames([...locationsInMessage(error), ...parseFrames(fields.get('stack') ?? '', [bareV8Frame])]);
  const hidden = GENERIC.test(error.trim()) ? fromStray(stray) : undefined;
  if (hidden) {
    message = hidden.message;
    frames = capFrames([...hidden.frames, ...frames]);
  }
  return failure(name, location ? withoutLineCol(location) : guessTestFile(frames, message), message, frames);
}

export const nodeTapParser: TestParser = {
  format: 'node-tap',
  sniff: (text) => /^TAP version \d+/m.test(text) || (/^\s*# Subtest: /m.test(text) && /^\s*(?:not )?ok \d+/m.test(text)),
  parse: parseTap,
};

// ---- spec ----

const TREE = /^(\s*)([▶✔✖﹣]) (.+?)(?: \(([\d.]+m?s)\))?(?: # (?:SKIP|TODO)\b.*)?\s*$/;
const SPEC_SUMMARY = /^ℹ (tests|suites|pass|fail|cancelled|skipped|todo) (\d+)\s*$/;

function parseSpec(text: string): ParsedReport {
  const lines = text.split('\n');
  const summary = new Map<string, number>();
  const known = new Map<string, { ancestors: string[]; stray: string[] }>();
  const open: { indent: number; name: string }[] = [];
  let stray: string[] = [];
  let section = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^✖ failing tests:\s*$/.test(line)) {
      section = i + 1;
      break;
    }
    const sum = SPEC_SUMMARY.exec(line);
    if (sum) {
      summary.set(sum[1] ?? '', Number(sum[2]));
      continue;
    }
    const node = TREE.exec(line);
    if (!node) {
      if (line.trim()) stray.push(line);
      continue;
    }
    const depth = node[1]?.length ?? 0;
    while (open.length && (open.at(-1)?.indent ?? -1) >= depth) open.pop();
    if (node[2] === '▶') open.push({ indent: depth, name: node[3] ?? '' });
    else if (node[2] === '✖') known.set(`${node[3]} (${node[4]})`, { ancestors: open.map((o) => o.name), stray });
    if (node[2] !== '▶') stray = [];
  }
  for (const line of lines.slice(section)) {
    const sum = SPEC_SUMMARY.exec(line);
    if (sum) summary.set(sum[1] ?? '', Number(sum[2]));
  }
  const failures = failingSection(lines.slice(section), known);
  return {
    format: 'node-spec',
    passed: summary.get('pass') ?? 0,
    failed: summary.has('fail') ? (summary.get('fail') ?? 0) + (summary.get('cancelled') ?? 0) : failures.length,
    skipped: (summary.get('skipped') ?? 0) + (summary.get('todo') ?? 0),
    failures,
  };
}

function failingSection(lines: readonly string[], known: Map<string, { ancestors: string[]; stray: string[] }>): TestFailure[] {
  const failures: TestFailure[] = [];
  let location: string | undefined;
  for (let i = 0; i < lines.length && failures.length < MAX_FAILURES; i++) {
    const line = lines[i] ?? '';
    const at = /^test at (.+)$/.exec(line);
    if (at?.[1]) {
      location = at[1].trim();
      continue;
    }
    const head = /^✖ (.+?)(?: \(([\d.]+m?s)\))?\s*$/.exec(line);
    if (!head) continue;
    const body: string[] = [];
    while (i + 1 < lines.length && !/^(?:test at |✖ |ℹ )/.test(lines[i + 1] ?? '')) body.push(lines[++i] ?? '');
    const seen = known.get(`${head[1]} (${head[2]})`);
    const name = [...(seen?.ancestors ?? []), head[1] ?? ''].join(' › ');
    const split = splitMessageAndStack(body.join('\n'));
    // A non-Error failure (a timeout) is printed as an inspected string: `'test timed out…'`.
    let message = /^'[^\n]*'$/.test(split.message.trim()) ? unquote(split.message.trim()) : split.message;
    let frames = framesWithLocations(message, split.stack);
    const hidden = GENERIC.test(message.trim()) && seen ? fromStray(seen.stray) : undefined;
    if (hidden) {
      message = hidden.message;
      frames = capFrames([...hidden.frames, ...frames]);
    }
    failures.push(failure(name, location ? withoutLineCol(location) : guessTestFile(frames, message), message, frames));
    location = undefined;
  }
  return failures;
}

export const nodeSpecParser: TestParser = {
  format: 'node-spec',
  sniff: (text) => /^✖ failing tests:\s*$/m.test(text) || (/^ℹ (?:tests|pass|fail) \d+\s*$/m.test(text) && /^\s*[✔✖▶] /m.test(text)),
  parse: parseSpec,
};
