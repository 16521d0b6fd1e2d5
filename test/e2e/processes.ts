/**
 * Process groups for the servers the real-VS-Code tests start. code-server and the VS Code server
 * spawn a file watcher, a pty host and the extension host that outlive the main process, so each
 * server starts in its own session (setsid, via `detached`) and is stopped by group.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface GroupProcess {
  readonly child: ChildProcess;
  /** The process group id (= the leader's pid). */
  readonly pgid: number;
  /** Everything the group wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects if the process exits first or after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
}

/** Starts `command` as the leader of a new session and process group, capturing its output. */
export function spawnGroup(command: string, args: readonly string[], options: SpawnOptions): GroupProcess {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pgid = child.pid;
  let text = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    for (const w of waiters) w();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  child.on('exit', () => {
    for (const w of waiters) w();
  });
  return {
    child,
    pgid,
    output: () => text,
    waitForOutput: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const m = text.match(pattern);
          if (m) return done(() => resolve(m));
          if (child.exitCode !== null || child.signalCode !== null) {
            done(() => reject(new Error(`${command} exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${text.slice(-2000)}`)));
          }
        };
        const timer = setTimeout(() => done(() => reject(new Error(`timed out waiting for ${pattern} from ${command}:\n${text.slice(-2000)}`))), timeoutMs);
        const done = (settle: () => void): void => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      }),
  };
}

/** Live (non-zombie) pids whose process group is `pgid`, read from /proc. */
export function groupMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised name: state ppid pgrp …
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Live pids whose command line mentions `text` (a session's scratch folder): catches anything that left the group. */
export function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmdline.includes(text)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (!/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2))) pids.push(Number(entry));
    } catch {
      // Gone already.
    }
  }
  return pids;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** SIGTERM the group, SIGKILL whatever is left after `graceMs`; resolves once the group is empty. */
export async function killGroup(pgid: number, graceMs = 3000): Promise<void> {
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pgid, sig);
    } catch {
      // ESRCH: the group is already gone.
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupMembers(pgid).length > 0 && Date.now() < deadline) await sleep(50);
  if (groupMembers(pgid).length === 0) return;
  signal('SIGKILL');
  for (let i = 0; i < 100 && groupMembers(pgid).length > 0; i++) await sleep(50);
  const left = groupMembers(pgid);
  if (left.length > 0) throw new Error(`process group ${pgid} survived SIGKILL: ${left.join(', ')}`);
}

/**
 * Waits up to `graceMs` for processes mentioning `text` to exit on their own (chromium's helpers
 * exit a moment after the browser closes), then SIGKILLs the rest and returns their pids.
 */
export async function killSurvivors(text: string, graceMs = 5000): Promise<number[]> {
  const deadline = Date.now() + graceMs;
  while (processesMentioning(text).length > 0 && Date.now() < deadline) await sleep(100);
  const survivors = processesMentioning(text);
  for (const pid of survivors) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Exited just now.
    }
  }
  return survivors;
}

/** SIGKILLs a process group and any process mentioning `text`, synchronously (usable in an 'exit' handler). */
export function killNow(pgid: number | undefined, text: string): void {
  const kill = (pid: number): void => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  if (pgid !== undefined) kill(-pgid);
  for (const pid of processesMentioning(text)) kill(pid);
}

const cleanups = new Set<() => void>();
let hooked = false;

function runCleanups(): void {
  for (const fn of cleanups) {
    try {
      fn();
    } catch {
      // Best effort: the process is going away.
    }
  }
  cleanups.clear();
}

/**
 * Runs the synchronous `fn` if this process exits or is interrupted (SIGINT, SIGTERM, SIGHUP)
 * before the returned unregister function is called: an interrupted test run must not leave
 * servers behind. Async cleanup cannot run once exit has begun, hence synchronous.
 */
export function cleanupOnExit(fn: () => void): () => void {
  if (!hooked) {
    hooked = true;
    process.on('exit', runCleanups);
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
      process.on(signal, () => {
        runCleanups();
        process.exit(code);
      });
    }
  }
  cleanups.add(fn);
  return () => {
    cleanups.delete(fn);
  };
}
