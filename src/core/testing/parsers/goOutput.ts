/**
 * One go test's output (or a package's, or a build's) → what the failure says: the `file_test.go:12:`
 * log lines, a panic with its goroutine traces, `# pkg` build errors. Frames come innermost
 * first, as go prints them, without the deferred recovery that runs above a panic.
 */
import type { StackFrame } from '../types';
import { capFrames } from './common';

export const RUN = /^=== (?:RUN|CONT|NAME|PAUSE)\s+(\S+)/;
export const RESULT = /^\s*--- (PASS|FAIL|SKIP): (\S+)(?: \([\d.]+m?s\))?/;
export const PANIC = /^(panic|fatal error): (.*?)(?: \[recovered\])?\s*$/;
export const BUILD_LINE = /^((?:[A-Za-z]:)?[^\s:]+\.(?:go|s|c|mod)):(\d+)(?::(\d+))?: /;
const LOG_LINE = /^\s+([\w.+-]+\.go):(\d+): ?(.*)$/;
const GOROUTINE = /^goroutine \d+ \[[^\]]*\]:$/;
const TRACE_FILE = /^\t(.+?):(\d+)(?: \+0x[0-9a-f]+)?\s*$/;
const MAX_LINE = 4000;

/** `pkg.(*T).Method(0x1, {…})` → `pkg.(*T).Method`: the argument list is the last balanced parens. */
function fnOf(line: string): string {
  const text = line.replace(/^created by /, '').replace(/ in goroutine \d+$/, '').trim();
  if (!text.endsWith(')')) return text;
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    if (text[i] === ')') depth++;
    else if (text[i] === '(' && --depth === 0) return text.slice(0, i);
  }
  return text;
}

export interface Analysis {
  readonly message: string;
  readonly frames: StackFrame[];
  readonly testFile?: string;
  readonly hasOwnOutput: boolean;
}

/** One test's (or one package's) output → message, frames innermost first, test file. */
export function analyze(lines: readonly string[], pkg: string, testName: string | undefined): Analysis {
  const qualify = (base: string) => (pkg && pkg !== 'command-line-arguments' ? `${pkg}/${base}` : base);
  const top = testName?.split('/')[0];
  const panic: string[] = [];
  const logs: string[] = [];
  const other: string[] = [];
  const logFrames: StackFrame[] = [];
  const traceFrames: StackFrame[] = [];
  let goroutine: StackFrame[] | undefined;
  let fn: string | undefined;
  let inLog = false;
  for (const raw of lines) {
    const line = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
    if (RUN.test(line) || RESULT.test(line)) continue;
    const p = PANIC.exec(line);
    if (p && goroutine === undefined) {
      if (panic.length === 0) panic.push(`${p[1]}: ${p[2]}`);
      continue;
    }
    if (/^\t(?:panic|fatal error): /.test(line) || /^\[signal /.test(line)) {
      if (/^\[signal /.test(line)) panic.push(line);
      continue;
    }
    if (GOROUTINE.test(line)) {
      goroutine = [];
      fn = undefined;
      continue;
    }
    if (goroutine) {
      const file = TRACE_FILE.exec(line);
      if (file?.[1]) {
        if (fn === 'panic') goroutine.length = 0; // the deferred recovery above the panic is noise
        else goroutine.push(fn ? { file: file[1], line: Number(file[2]), fn } : { file: file[1], line: Number(file[2]) });
        fn = undefined;
      } else if (line.trim() === '') {
        traceFrames.push(...goroutine);
        goroutine = undefined;
      } else fn = fnOf(line);
      continue;
    }
    const log = LOG_LINE.exec(line);
    if (log?.[1]) {
      logs.push(`${log[1]}:${log[2]}: ${log[3] ?? ''}`.trimEnd());
      logFrames.push(top ? { file: qualify(log[1]), line: Number(log[2]), fn: top } : { file: qualify(log[1]), line: Number(log[2]) });
      inLog = true;
      continue;
    }
    if (inLog && /^\s{5,}\S/.test(line)) {
      logs.push(line.trim()); // a multi-line t.Errorf message
      continue;
    }
    inLog = false;
    if (line.trim() !== '' && !/^running tests:$/.test(line)) other.push(line.trim());
  }
  if (goroutine) traceFrames.push(...goroutine);
  const frames = capFrames([...traceFrames, ...logFrames], 40);
  const isTop = (fn: string | undefined) => fn !== undefined && (fn === top || fn.endsWith(`.${top}`) || fn.includes(`.${top}.func`));
  const own = top === undefined ? undefined : frames.find((f) => f.file.endsWith('_test.go') && isTop(f.fn));
  const testFile = own?.file ?? logFrames.find((f) => f.file.endsWith('_test.go'))?.file;
  const message = [...panic, ...logs, ...(panic.length + logs.length === 0 ? other : [])].join('\n');
  return { message, frames, ...(testFile ? { testFile } : {}), hasOwnOutput: panic.length + logs.length > 0 };
}

/** `order/service.go:34:17: undefined: x` lines of `# pkg` blocks → frames, in order. */
export function buildFrames(lines: readonly string[]): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of lines) {
    const m = line.length > MAX_LINE ? null : BUILD_LINE.exec(line);
    if (m?.[1]) frames.push(m[3] ? { file: m[1], line: Number(m[2]), column: Number(m[3]) } : { file: m[1], line: Number(m[2]) });
  }
  return capFrames(frames);
}
