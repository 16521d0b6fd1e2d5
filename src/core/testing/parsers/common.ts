/**
 * Helpers shared by the reporter parsers: ANSI stripping, line handling, stack-frame parsing
 * (V8, vitest's `❯`, Python and `path:line:` locations) and guessing test files.
 */
import type { StackFrame, TestFailure, TestFormat, TestReport } from '../types';

/** What a parser returns: the caller adds the exit code and the raw tail. */
export type ParsedReport = Omit<TestReport, 'rawTail' | 'exitCode'>;

/** One reporter format: `sniff` must be cheap and specific; `parse` may assume `sniff` said yes. */
export interface TestParser {
  readonly format: TestFormat;
  sniff(text: string): boolean;
  parse(text: string): ParsedReport;
}

/** Reads one line; returns a frame when the line is one. */
export type FrameParser = (line: string) => StackFrame | undefined;

export const MAX_FAILURES = 500;
const MAX_FRAMES = 30;
const MESSAGE_LINES = 12;
const MESSAGE_CHARS = 2000;

// CSI sequences (colours, cursor moves), OSC sequences (hyperlinks) and lone escapes.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;

export function stripAnsi(text: string): string {
  return text.includes('\u001b') || text.includes('\u009b') ? text.replace(ANSI, '') : text;
}

/** ANSI stripped, CRLF and carriage-return progress redraws turned into plain lines. */
export function normalizeText(text: string): string {
  return stripAnsi(text).replace(/\r\n?/g, '\n');
}

export function tail(text: string, maxLines = 50, maxChars = 4000): string {
  const lines = normalizeText(text).trimEnd().split('\n');
  const kept = lines.slice(-maxLines).join('\n');
  return kept.length > maxChars ? kept.slice(kept.length - maxChars) : kept;
}

/** The first meaningful lines of a message: blank edges trimmed, runs of blank lines collapsed. */
export function firstLines(text: string, maxLines = MESSAGE_LINES, maxChars = MESSAGE_CHARS): string {
  const out: string[] = [];
  let blank = false;
  for (const raw of normalizeText(text).split('\n')) {
    const line = raw.trimEnd();
    if (line.trim() === '') {
      blank = out.length > 0;
      continue;
    }
    if (blank) out.push('');
    blank = false;
    out.push(line);
    if (out.length >= maxLines) break;
  }
  // mocha indents the first line of a message but not the lines of an assertion's diff.
  const lines = dedent(out);
  if (lines[0] !== undefined) lines[0] = lines[0].trimStart();
  const joined = lines.join('\n');
  return joined.length > maxChars ? `${joined.slice(0, maxChars - 1)}…` : joined;
}

export function dedent(lines: readonly string[]): string[] {
  let indent = Infinity;
  for (const line of lines) {
    if (line.trim() === '') continue;
    indent = Math.min(indent, line.length - line.trimStart().length);
  }
  return indent === Infinity || indent === 0 ? [...lines] : lines.map((line) => line.slice(indent));
}

/** A frame without undefined keys, so frames compare and serialise cleanly. */
export function makeFrame(file: string, line?: number, column?: number, fn?: string): StackFrame {
  return { file, ...(line === undefined ? {} : { line }), ...(column === undefined ? {} : { column }), ...(fn ? { fn } : {}) };
}

function toInt(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : undefined;
}

/** `file:line:col`, `file:line`, or a bare `file`; the file may be a file:// URL or a Windows path. */
function splitLocation(location: string): StackFrame | undefined {
  const m = /^(.*?)(?::(\d+))?(?::(\d+))?$/.exec(location.trim());
  if (!m || !m[1]) return undefined;
  const file = m[1];
  if (file === 'native' || file.startsWith('<') || /^node:/.test(file) || /^(?:internal|evalmachine)[/.<]/.test(file)) {
    return undefined;
  }
  if (m[2] === undefined) return undefined;
  return makeFrame(file, toInt(m[2]), toInt(m[3]));
}

function withFn(frame: StackFrame | undefined, fn: string | undefined): StackFrame | undefined {
  if (!frame) return undefined;
  const name = fn?.replace(/^async /, '').replace(/^new /, '').trim();
  return name ? { ...frame, fn: name } : frame;
}

/** V8: `at fn (file:1:2)`, `at file:1:2`, `at async fn (file:1:2)`, `at new X (file:1:2)`. */
export const v8Frame: FrameParser = (line) => {
  // node:test's spec reporter appends ` {` to the last frame when the error has extra properties.
  const m = /^\s*at (?:(.+?) \((.+)\)|(.+?))(?: \{)?\s*$/.exec(line);
  if (!m) return undefined;
  if (m[2] !== undefined) return withFn(splitLocation(m[2]), m[1]);
  return splitLocation(m[3] ?? '');
};

/** node:test's TAP `stack: |-` block drops the `at `: `fn (file:1:2)` or `file:1:2`. */
export const bareV8Frame: FrameParser = (line) => {
  const trimmed = line.trim();
  if (trimmed.startsWith('at ')) return v8Frame(trimmed);
  const m = /^(?:(.+?) \((.+:\d+(?::\d+)?)\)|(\S+:\d+(?::\d+)?))$/.exec(trimmed);
  if (!m) return undefined;
  if (m[2] !== undefined) return withFn(splitLocation(m[2]), m[1]);
  return splitLocation(m[3] ?? '');
};

/** vitest: `❯ fn file:1:2` or `❯ file:1:2`. */
export const vitestFrame: FrameParser = (line) => {
  const m = /^\s*❯ (?:(\S.*?) )?(\S+:\d+(?::\d+)?)\s*$/.exec(line);
  if (!m) return undefined;
  return withFn(splitLocation(m[2] ?? ''), m[1]);
};

/** Python traceback: `File "x.py", line 3, in fn`. */
export const pythonFrame: FrameParser = (line) => {
  const m = /^\s*File "(.+)", line (\d+)(?:, in (.+))?\s*$/.exec(line);
  if (!m || !m[1]) return undefined;
  return withFn(makeFrame(m[1], toInt(m[2])), m[3]);
};

/** pytest and go: `shop/x.py:23: in fn`, `shop/x.py:23: KeyError`, `\tx_test.go:12: msg`, `\t/abs/x.go:40 +0x1d`. */
export const locationLineFrame: FrameParser = (line) => {
  const m = /^\s*((?:[A-Za-z]:)?[\w@.~+\-/\\]+\.(?:py|go|rb|rs|java|kt|[cm]?[jt]sx?)):(\d+)(?::(\d+))?(?::(?: (?:in (\S+))?.*)?| \+0x[0-9a-f]+)?\s*$/.exec(line);
  if (!m || !m[1]) return undefined;
  return withFn(makeFrame(m[1], toInt(m[2]), toInt(m[3])), m[4]);
};

export const JS_FRAME_PARSERS: readonly FrameParser[] = [v8Frame, vitestFrame];
export const ALL_FRAME_PARSERS: readonly FrameParser[] = [v8Frame, vitestFrame, pythonFrame, locationLineFrame];

/** Longer lines are never frames; the cap also keeps the regexes linear on hostile input. */
const MAX_FRAME_LINE = 2000;

export function frameOf(line: string, parsers: readonly FrameParser[] = JS_FRAME_PARSERS): StackFrame | undefined {
  if (line.length > MAX_FRAME_LINE) return undefined;
  for (const parse of parsers) {
    const frame = parse(line);
    if (frame) return frame;
  }
  return undefined;
}

/** Every frame in `text`, in order, capped; node_modules frames go first when over the cap. */
export function parseFrames(text: string, parsers: readonly FrameParser[] = JS_FRAME_PARSERS): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of normalizeText(text).split('\n')) {
    const frame = frameOf(line, parsers);
    if (frame) frames.push(frame);
  }
  return capFrames(frames);
}

export function isFrameLine(line: string, parsers: readonly FrameParser[] = JS_FRAME_PARSERS): boolean {
  const trimmed = line.trim();
  if (/^at .+/.test(trimmed) || trimmed.startsWith('❯ ')) return true;
  return frameOf(line, parsers) !== undefined;
}

/** Long stacks (a parser's internals) would push the user's frames out: keep those first. */
export function capFrames(frames: StackFrame[], max = MAX_FRAMES): StackFrame[] {
  if (frames.length <= max) return frames;
  const isDep = (f: StackFrame) => /[/\\]node_modules[/\\]/.test(f.file);
  const kept = frames.filter((f, i) => i < 3 || !isDep(f));
  return kept.slice(0, max);
}

/**
 * Locations that compilers put in a message instead of a stack: babel's
 * `SyntaxError: /abs/file.js: Unexpected token (5:95)`, vite's `File: /abs/file.js:1:0`, node's
 * `/abs/file.js:5` header above the source line of a SyntaxError.
 */
export function locationsInMessage(text: string): StackFrame[] {
  const out: StackFrame[] = [];
  const lines = normalizeText(text).split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.length > MAX_FRAME_LINE) continue;
    let m = /^\s*(?:\w*Error|SyntaxError): ((?:file:\/\/)?(?:[A-Za-z]:)?[^\s:]*[/\\][^\s:]+\.\w+): .*\((\d+):(\d+)\)\s*$/.exec(line);
    if (m?.[1]) {
      out.push(makeFrame(m[1], toInt(m[2]), toInt(m[3])));
      continue;
    }
    m = /^\s*File: (\S+?):(\d+)(?::(\d+))?\s*$/.exec(line);
    if (m?.[1]) {
      out.push(makeFrame(m[1], toInt(m[2]), toInt(m[3])));
      continue;
    }
    // node prints `file:line`, the source line, a caret line, a blank line, then `XError: msg`.
    m = /^\s*((?:file:\/\/)?(?:[A-Za-z]:)?[^\s:]*[/\\][^\s:]+\.\w+):(\d+)\s*$/.exec(line);
    if (m?.[1] && lines.slice(i + 1, i + 6).some((next) => /^\s*\w*Error\b.*:/.test(next))) {
      out.push(makeFrame(m[1], toInt(m[2])));
    }
  }
  return out;
}

/** Frames from a stack, with any compiler location from the message first (it is where the error is). */
export function framesWithLocations(message: string, stackText: string, parsers?: readonly FrameParser[]): StackFrame[] {
  const located = locationsInMessage(message);
  return capFrames([...located, ...parseFrames(stackText, parsers)]);
}

const TEST_FILE = /(?:^|[/\\])(?:__tests__|tests?|spec|e2e)[/\\]|[._-](?:test|spec)\.[cm]?[jt]sx?$|_test\.(?:go|py)$|(?:^|[/\\])test_[^/\\]+\.py$/;

export function looksLikeTestFile(file: string): boolean {
  return TEST_FILE.test(file) && !/[/\\]node_modules[/\\]/.test(file);
}

/** For reporters that do not name the file: the first frame in a test file, or a path in the message. */
export function guessTestFile(frames: readonly StackFrame[], message = ''): string | undefined {
  const frame = frames.find((f) => looksLikeTestFile(f.file));
  if (frame) return frame.file;
  const m = /((?:file:\/\/)?(?:[A-Za-z]:)?[^\s()'"]*[/\\][^\s()'"]+\.[cm]?[jt]sx?)/.exec(message);
  return m?.[1] && looksLikeTestFile(m[1]) ? m[1] : undefined;
}

/** Splits `Error message\n    at …` into the message part (before the first frame) and the rest. */
export function splitMessageAndStack(text: string, parsers: readonly FrameParser[] = JS_FRAME_PARSERS): { message: string; stack: string } {
  const lines = normalizeText(text).split('\n');
  const at = lines.findIndex((line) => isFrameLine(line, parsers));
  if (at < 0) return { message: lines.join('\n'), stack: '' };
  return { message: lines.slice(0, at).join('\n'), stack: lines.slice(at).join('\n') };
}

export function failure(test: string, testFile: string | undefined, message: string, stack: StackFrame[]): TestFailure {
  const text = firstLines(message);
  return testFile
    ? { test: test.trim() || '(unnamed test)', testFile, message: text || '(no message)', stack }
    : { test: test.trim() || '(unnamed test)', message: text || '(no message)', stack };
}

export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

let lastJson: { text: string; value: unknown } | undefined;

/**
 * The JSON document in `text`: the whole text, or one that starts on its own line after other
 * output (jest --json prints its report on stdout while the human summary goes to stderr).
 * Memoised for the last text, since several sniffers ask about the same output.
 */
export function extractJson(text: string): unknown {
  if (lastJson?.text === text) return lastJson.value;
  const value = findJson(text);
  lastJson = { text, value };
  return value;
}

function findJson(text: string): unknown {
  const end = text.lastIndexOf('}');
  if (end < 0) return undefined;
  let from = text.search(/\S/);
  for (let tries = 0; tries < 6 && from >= 0 && from < end; tries++) {
    if (text[from] === '{') {
      const value = tryParse(text.slice(from, end + 1)) ?? tryParse(lineFrom(text, from));
      if (value !== undefined) return value;
    }
    const next = text.slice(from + 1, end).search(/\n[ \t]*\{/);
    if (next < 0) break;
    from = from + 1 + next + text.slice(from + 1 + next).search(/\{/);
  }
  return undefined;
}

/** A one-line JSON report followed by more output. */
function lineFrom(text: string, from: number): string {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? '' : text.slice(from, nl);
}

function tryParse(candidate: string): unknown {
  if (!candidate.trimEnd().endsWith('}')) return undefined;
  try {
    const value: unknown = JSON.parse(candidate);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** `n failed, m passed` style summaries: the number before each word. */
export function countsIn(line: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of line.matchAll(/(\d+) (\w+)/g)) {
    const key = m[2];
    if (key && out[key] === undefined) out[key] = Number(m[1]);
  }
  return out;
}
