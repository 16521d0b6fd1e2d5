/**
 * pytest's terminal output, any `--tb` style, with or without `-q`: the `FAILURES`/`ERRORS`
 * sections (one `____ name ____` block per failure), the short test summary (`FAILED node::id -
 * msg`), the final `N failed, M passed in 0.1s` line, and a conftest that fails to import.
 * Also `--junitxml`, read by junit.ts with the frames and message taken from each failure's
 * body. Test names are pytest node ids (`tests/test_x.py::TestX::test_y[param]`) in both;
 * errors (setup, teardown, collection) count as failures.
 */
import type { StackFrame, TestFailure } from '../types';
import {
  MAX_FAILURES,
  countsIn,
  failure,
  locationLineFrame,
  looksLikeTestFile,
  normalizeText,
  pythonFrame,
  stripAnsi,
  type ParsedReport,
  type TestParser,
} from './common';
import { parseJunitXml } from './junit';
import { locationLine, parsePythonTraceback } from './pythonFrames';

const SECTION = /^={3,} (.+?) ={3,}$/;
const BLOCK_HEADER = /^_+ (.+?) _+$/;
const SUMMARY_ENTRY = /^(FAILED|ERROR) (.+)$/;
const CAPTURED = /^-{3,} Captured (?:stdout|stderr|log|warnings?) /;
// `=== 2 failed, 24 passed, 1 skipped in 0.03s ===`, `-q`'s bare line, `no tests ran in 0.01s`.
const FINAL = /^=*\s*((?:\d+ [a-z]+(?:, )?)+|no tests ran) in [\d.]+s(?: \([^)]*\))?\s*=*$/;
const CONFTEST = /^ImportError while loading conftest '(.+)'\.$/;
const USAGE_ERROR = /^ERROR: (.+)$/;
const MAX_MARKER_LINE = 2000;

interface Block {
  readonly kind: 'failure' | 'error';
  /** As the header says it: `test_x[p]`, `TestX.test_y`, or the module path of a collection error. */
  readonly name: string;
  readonly lines: string[];
  used?: boolean;
}

interface SummaryEntry {
  readonly kind: 'failure' | 'error';
  readonly nodeId: string;
  readonly message: string;
}

function parsePytestText(raw: string): ParsedReport {
  const lines = normalizeText(raw).split('\n');
  const blocks: Block[] = [];
  const summary: SummaryEntry[] = [];
  const early: TestFailure[] = [];
  let section = '';
  let block: Block | undefined;
  // --tb=line: one `path:N: Exc: msg` line per failure, no headers, in the summary's order.
  const lineFailures: { frame: StackFrame; message: string }[] = [];
  let counts: Record<string, number> | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trimEnd();
    if (line.length > MAX_MARKER_LINE) {
      block?.lines.push(line); // a repr or captured blob, never a header: spare the regexes
      continue;
    }
    const final = FINAL.exec(line);
    if (final) {
      counts = countsIn(final[1] ?? '');
      block = undefined;
      continue;
    }
    const sec = SECTION.exec(line);
    if (sec?.[1]) {
      section = sec[1];
      block = undefined;
      continue;
    }
    const conftest = CONFTEST.exec(line);
    if (conftest?.[1]) {
      // pytest stops before the session: the traceback follows until the end of the output.
      const body = lines.slice(i + 1).filter((l) => !SECTION.test(l));
      early.push(fromTraceback(conftest[1], conftest[1], body));
      break;
    }
    if (section === 'FAILURES' || section === 'ERRORS') {
      const header = BLOCK_HEADER.exec(line);
      if (header?.[1] && !/^[_ ]+$/.test(header[1])) {
        block = { kind: section === 'ERRORS' ? 'error' : 'failure', name: header[1], lines: [] };
        blocks.push(block);
      } else if (CAPTURED.test(line)) {
        block = undefined; // captured output is not part of the traceback
      } else {
        const loc = block ? undefined : locationLine(line);
        if (loc) lineFailures.push({ frame: loc.frame, message: loc.rest });
        block?.lines.push(line);
      }
      continue;
    }
    if (section === 'short test summary info') {
      const entry = SUMMARY_ENTRY.exec(line);
      if (entry?.[1] && entry[2]) summary.push({ kind: entry[1] === 'ERROR' ? 'error' : 'failure', ...splitEntry(entry[2]) });
      continue;
    }
    const usage = section === '' ? USAGE_ERROR.exec(line) : null;
    if (usage?.[1]) early.push(failure('pytest', undefined, usage[1], []));
  }

  const failures: TestFailure[] = [...early];
  for (const entry of summary) {
    if (failures.length >= MAX_FAILURES) break;
    const found = blocks.find((b) => !b.used && b.kind === entry.kind && blockMatches(b, entry.nodeId));
    if (found) found.used = true;
    const testFile = entry.nodeId.split('::')[0];
    if (found) failures.push(fromTraceback(entry.nodeId, testFile, found.lines, entry.message));
    else {
      const one = entry.kind === 'failure' && blocks.length === 0 ? lineFailures.shift() : undefined;
      failures.push(failure(entry.nodeId, testFile, one?.message || entry.message, one ? [one.frame] : []));
    }
  }
  // No summary (`-rN`, an old pytest, a cut output): the blocks alone.
  for (const b of blocks) {
    if (b.used || failures.length >= MAX_FAILURES) continue;
    failures.push(fromBlock(b));
  }

  const n = (...keys: string[]) => keys.reduce((sum, k) => sum + (counts?.[k] ?? 0), 0);
  return {
    format: 'pytest-text',
    passed: n('passed', 'xpassed'),
    failed: counts ? Math.max(n('failed', 'error', 'errors'), early.length) : failures.length,
    skipped: n('skipped', 'xfailed'),
    failures,
  };
}

/** `tests/t.py::test_x[a - b] - ValueError: …`: the id may hold spaces and ` - ` inside brackets. */
function splitEntry(text: string): { nodeId: string; message: string } {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0 && text.startsWith(' - ', i)) return { nodeId: text.slice(0, i), message: text.slice(i + 3) };
  }
  return { nodeId: text.trim(), message: '' };
}

/** The header of a block says `TestX.test_y` for the node `file::TestX::test_y`. */
function blockMatches(b: Block, nodeId: string): boolean {
  const [file, ...rest] = nodeId.split('::');
  if (rest.length === 0) return b.name === `ERROR collecting ${file}` || b.name === file;
  const dotted = rest.join('.');
  const name = b.name.replace(/^ERROR at (?:setup|teardown) of /, '');
  return name === dotted || name === rest.join('::') || name === rest[rest.length - 1];
}

function fromTraceback(test: string, testFile: string | undefined, lines: readonly string[], fallback = ''): TestFailure {
  const tb = parsePythonTraceback(lines);
  return failure(test, testFile, tb.message || fallback, tb.frames);
}

/** A block without a summary line: the node id is rebuilt from the test file on the traceback. */
function fromBlock(b: Block): TestFailure {
  const collecting = /^ERROR collecting (.+)$/.exec(b.name);
  if (collecting?.[1]) return fromTraceback(collecting[1], collecting[1], b.lines);
  const name = b.name.replace(/^ERROR at (?:setup|teardown) of /, '');
  const tb = parsePythonTraceback(b.lines);
  // The outermost frame in a test module is the test itself (a fixture's is in conftest.py).
  const outer = [...tb.frames].reverse();
  const file = (outer.find((f) => /(?:^|[/\\])test_[^/\\]*\.py$|_test\.py$/.test(f.file)) ?? outer.find((f) => looksLikeTestFile(f.file)))?.file;
  const bracket = name.indexOf('[');
  const path = (bracket < 0 ? name : name.slice(0, bracket)).split('.').join('::') + (bracket < 0 ? '' : name.slice(bracket));
  return failure(file ? `${file}::${path}` : name, file, tb.message, tb.frames);
}

const SNIFF = [
  /^={5,} (?:test session starts|FAILURES|ERRORS|short test summary info) ={5,}$/m,
  /^(?:FAILED|ERROR) [^\s:]+\.py(?:::|$| - )/m,
  /^ImportError while loading conftest '/m,
  /^(?:\d+ (?:failed|passed|skipped|errors?|xfailed|xpassed|deselected)(?:, )?)+ in \d+\.\d+s$/m,
];

export const pytestTextParser: TestParser = {
  format: 'pytest-text',
  sniff: (text) => {
    const plain = stripAnsi(text);
    return SNIFF.some((re) => re.test(plain));
  },
  parse: (text) => {
    try {
      return parsePytestText(text);
    } catch {
      // A parser must never throw; the raw tail still says what happened.
      return { format: 'pytest-text', passed: 0, failed: 0, skipped: 0, failures: [] };
    }
  },
};

// ---- --junitxml ----------------------------------------------------------------------------

// Attribute values may hold '>' and quotes of the other kind; a '/' before '>' closes the tag.
const ATTRS = `((?:[^>"'/]|/(?!>)|"[^"]*"|'[^']*')*)`;
const OPEN_TAG = new RegExp(`^<testcase\\b${ATTRS}(/?)>`);
const PROBLEM = (tag: string) => new RegExp(`<${tag}\\b${ATTRS}(?:/>|>([\\s\\S]*?)</${tag}>)`);

function xmlAttr(attrs: string, key: string): string {
  const m = new RegExp(`\\b${key}="([^"]*)"|\\b${key}='([^']*)'`).exec(attrs);
  return decodeXml(m?.[1] ?? m?.[2] ?? '');
}

function decodeXml(text: string): string {
  return text
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-fA-F]+);/g, (whole, e: string) => {
      if (e === 'lt') return '<';
      if (e === 'gt') return '>';
      if (e === 'quot') return '"';
      if (e === 'apos') return "'";
      if (e === 'amp') return '&';
      const code = e.startsWith('#x') ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    });
}

/**
 * pytest's classname is the node id with `/` and `::` turned into dots (`tests.test_x.TestX`):
 * the module is the prefix that a frame's file ends with, else the part before the first
 * capitalised (class) component. A collection error has no classname and the module as name.
 */
function nodeIdOf(classname: string, name: string, frames: readonly StackFrame[] = []): string {
  const parts = (classname || name).split('.').filter(Boolean);
  const tail = classname ? [name] : [];
  const files = frames.map((f) => f.file.replace(/\\/g, '/'));
  for (let i = parts.length; i > 0; i--) {
    const path = `${parts.slice(0, i).join('/')}.py`;
    if (files.some((f) => f === path || f.endsWith(`/${path}`))) return [path, ...parts.slice(i), ...tail].join('::');
  }
  let cut = parts.findIndex((p, i) => i > 0 && /^[A-Z]/.test(p));
  if (cut < 0) cut = parts.length;
  return [`${parts.slice(0, cut).join('/')}.py`, ...parts.slice(cut), ...tail].join('::');
}

/** Each failing testcase's traceback body, by its (heuristic) node id. */
function failureBodies(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  // Cut at each `<testcase`, so that no pattern ever scans past its own case.
  for (let start = xml.indexOf('<testcase'); start >= 0; ) {
    const next = xml.indexOf('<testcase', start + 9);
    const segment = xml.slice(start, next < 0 ? xml.length : next);
    start = next;
    const open = OPEN_TAG.exec(segment);
    if (!open || open[2] === '/') continue;
    const problem = PROBLEM('failure').exec(segment) ?? PROBLEM('error').exec(segment);
    if (!problem) continue;
    const id = nodeIdOf(xmlAttr(open[1] ?? '', 'classname'), xmlAttr(open[1] ?? '', 'name'));
    if (!out.has(id)) out.set(id, decodeXml(problem[2] ?? ''));
  }
  return out;
}

function parsePytestJunit(text: string): ParsedReport {
  const base = parseJunitXml(text, {
    format: 'junit-xml',
    frameParsers: [pythonFrame, locationLineFrame],
    testNameOf: (tc) => nodeIdOf(tc.classname ?? '', tc.name),
    testFileOf: (tc) => nodeIdOf(tc.classname ?? '', tc.name).split('::')[0],
  });
  const bodies = failureBodies(text);
  const failures = base.failures.map((f): TestFailure => {
    const body = bodies.get(f.test);
    if (body === undefined) return f;
    const tb = parsePythonTraceback(body.split(/\r?\n/));
    const id = f.test.split('::');
    // The frames name the module exactly where the classname was ambiguous (`pkg.Sub.test_x`).
    const test = id.length > 1 && tb.frames.length > 0 ? nodeIdOf(classnameOf(id), id[id.length - 1] ?? '', tb.frames) : f.test;
    return failure(test, test.split('::')[0], tb.message || f.message, tb.frames.length > 0 ? tb.frames : [...f.stack].reverse());
  });
  return { ...base, failures };
}

/** The classname a test's node id came from (the inverse of nodeIdOf). */
function classnameOf(id: readonly string[]): string {
  const [file = '', ...rest] = id;
  return [file.replace(/\.py$/, '').split('/').join('.'), ...rest.slice(0, -1)].join('.');
}

export const pytestJunitParser: TestParser = {
  format: 'junit-xml',
  sniff: (text) => /<testsuite\b(?:[^>"']|"[^"]*"|'[^']*')*\bname="pytest"/.test(text.slice(0, 100_000)),
  parse: (text) => {
    try {
      return parsePytestJunit(text);
    } catch {
      return { format: 'junit-xml', passed: 0, failed: 0, skipped: 0, failures: [] };
    }
  },
};
