/**
 * Python tracebacks as pytest prints them, in every `--tb` style: `path:line: in fn` (short),
 * `path:line: ExcType` after the source excerpt (auto, long, the JUnit body), `File "…", line N,
 * in fn` (native, and a SyntaxError's location inside `E` lines), `path:line: Exc: msg` (line).
 * Frames come back innermost first, like a JS stack; the message is the exception's text.
 */
import type { StackFrame } from '../types';
import { capFrames, dedent } from './common';

export interface PythonTraceback {
  /** Innermost first; a SyntaxError's own location (no `, in fn`) leads. */
  readonly frames: StackFrame[];
  /** The `E` lines of the last exception, or native's exception lines; '' when none. */
  readonly message: string;
}

/** Longer lines are source excerpts or reprs, never locations; the cap keeps the regexes linear. */
const MAX_LINE = 1000;
// `tests/test_x.py:12: in test_x`, `shop/x.py:23: KeyError`, `tests/test_x.py:9: `, `<frozen x>:12: in f`.
const LOCATION = /^(<[^>\n]+>|(?:[A-Za-z]:)?[^\s:<>"][^\s:"]*):(\d+):(?: (.*))?$/;
const NATIVE = /^(E\s+|\s*)File "([^"]+)", line (\d+)(?:, in (.+?))?\s*$/;
const DEF = /^\s*(?:async\s+)?def\s+(\w+)\s*\(/;
const E_LINE = /^E(?: |$)/;
const CHAINED = /^(?:The above exception was the direct cause of the following exception:|During handling of the above exception, another exception occurred:)\s*$/;
const SEPARATOR = /^(?:_ )+_?\s*$/;

/** `shop/x.py:23: in save` → the frame; lines of source, reprs and `E` text never match. */
export function locationLine(line: string): { frame: StackFrame; rest: string } | undefined {
  if (line.length > MAX_LINE || E_LINE.test(line)) return undefined;
  const m = LOCATION.exec(line);
  if (!m?.[1] || !m[2]) return undefined;
  const rest = (m[3] ?? '').trim();
  const fn = /^in (\S+)$/.exec(rest)?.[1];
  const frame: StackFrame = fn ? { file: m[1], line: Number(m[2]), fn } : { file: m[1], line: Number(m[2]) };
  return { frame, rest: fn ? '' : rest };
}

/** Reads one failure's traceback block (the lines under a `____ test ____` header, or a JUnit body). */
export function parsePythonTraceback(lines: readonly string[]): PythonTraceback {
  const frames: StackFrame[] = []; // as printed: outermost first
  const errorSites: StackFrame[] = [];
  let eLines: string[] = [];
  let native: string[] | undefined;
  let inNative = false;
  let lastDef: string | undefined;
  let lineStyleMessage = '';

  for (const raw of lines) {
    const line = raw.trimEnd();
    if (line.length > MAX_LINE) continue;
    if (CHAINED.test(line)) {
      // Only the last exception's text is the message; every chain's frames stay.
      eLines = [];
      native = undefined;
      inNative = false;
      continue;
    }
    if (line.startsWith('Traceback (most recent call last):')) {
      inNative = true;
      native = undefined;
      continue;
    }
    const nat = NATIVE.exec(line);
    if (nat?.[2] && nat[3]) {
      const frame: StackFrame = nat[4] ? { file: nat[2], line: Number(nat[3]), fn: nat[4] } : { file: nat[2], line: Number(nat[3]) };
      // No `, in fn`: the location a SyntaxError reports, which is where the error is.
      if (nat[4]) frames.push(frame);
      else errorSites.push(frame);
      if (nat[1]?.startsWith('E')) eLines.push(line.replace(/^E ?/, ''));
      continue;
    }
    if (E_LINE.test(line)) {
      eLines.push(line.replace(/^E ?/, ''));
      continue;
    }
    if (SEPARATOR.test(line)) {
      lastDef = undefined;
      continue;
    }
    const def = DEF.exec(line);
    if (def?.[1]) lastDef = def[1];
    const loc = locationLine(line);
    if (loc) {
      // auto/long print the source above a bare `path:line:`: its `def` names the function.
      const frame = loc.frame.fn === undefined && lastDef ? { ...loc.frame, fn: lastDef } : loc.frame;
      frames.push(frame);
      if (/^\w[\w.]*: /.test(loc.rest)) lineStyleMessage = loc.rest; // --tb=line: `path:N: Exc: msg`
      lastDef = undefined;
      continue;
    }
    if (inNative && line !== '' && !/^\s/.test(line)) {
      // native: the exception's lines follow the last frame, at column 0.
      native ??= [];
      native.push(line);
    } else if (native && line !== '') {
      native.push(line);
    }
  }
  const message = eLines.some((l) => l.trim() !== '') ? eLines : (native ?? (lineStyleMessage ? [lineStyleMessage] : []));
  const usable = (f: StackFrame) => !f.file.startsWith('<');
  return {
    frames: capFrames([...errorSites.filter(usable).reverse(), ...frames.filter(usable).reverse()]),
    message: exceptionFirst(dedent(message)).join('\n').trim(),
  };
}

/** A SyntaxError prints its location and source before `SyntaxError: …`: lead with the error. */
function exceptionFirst(lines: string[]): string[] {
  const text = lines.filter((l) => l.trim() !== '');
  const last = text[text.length - 1];
  if (!text[0] || !last || !/^\s*File "/.test(text[0]) || !/^[A-Za-z_][\w.]*: /.test(last)) return lines;
  return [last, ...text.slice(0, -1)];
}
