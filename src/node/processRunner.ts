/**
 * The ProcessRunner port over child processes: a shell command line in its own process group,
 * stdin closed, a scrubbed environment, a timeout and an output cap. On timeout or abort the whole
 * tree is stopped; after a normal exit, descendants left running (a forgotten server) are stopped too.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { CommandOptions, CommandResult, ProcessRunner } from '../core/testing/runner';
import { CappedOutput } from './outputCap';
import { stopProcessTree } from './processTree';
import { scrubEnv } from './scrubEnv';

export interface ProcessRunnerOptions {
  /** Time between SIGTERM and SIGKILL when stopping a tree. */
  readonly killGraceMs?: number;
}

const DEFAULT_KILL_GRACE_MS = 2000;
/** After the tree is gone, how long to wait for the pipes to drain before closing them ourselves. */
const CLOSE_WAIT_MS = 500;

export function createProcessRunner(options: ProcessRunnerOptions = {}): ProcessRunner {
  const graceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  return { run: (command, commandOptions) => runCommand(command, commandOptions, graceMs) };
}

async function runCommand(command: string, options: CommandOptions, graceMs: number): Promise<CommandResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  if (options.signal?.aborted) {
    return { exitCode: null, timedOut: false, cancelled: true, output: '', droppedBytes: 0, durationMs: 0 };
  }

  const output = new CappedOutput(options.maxOutputBytes);
  const child = spawn(command, {
    shell: true,
    cwd: options.cwd,
    env: scrubEnv(options.env),
    // POSIX: leader of a new process group (and session, so nothing can prompt on a terminal).
    detached: process.platform !== 'win32',
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  child.stdout.on('data', (chunk: Buffer) => output.push('stdout', chunk));
  child.stderr.on('data', (chunk: Buffer) => output.push('stderr', chunk));

  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const exited = new Promise<{ code: number | null } | { error: Error }>((resolve) => {
    child.on('exit', (code) => resolve({ code }));
    child.on('error', (error) => resolve({ error }));
  });

  let timedOut = false;
  let cancelled = false;
  let exitedOnItsOwn = false;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    if (child.pid !== undefined) stopping ??= stopProcessTree(child.pid, graceMs);
  };
  const timer = setTimeout(() => {
    if (exitedOnItsOwn || cancelled) return;
    timedOut = true;
    stop();
  }, options.timeoutMs);
  const onAbort = () => {
    if (exitedOnItsOwn || timedOut) return;
    cancelled = true;
    stop();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const end = await exited;
    exitedOnItsOwn = !timedOut && !cancelled;
    clearTimeout(timer);
    if ('error' in end && child.pid === undefined) {
      return { exitCode: null, timedOut, cancelled, output: `Could not start the command: ${end.error.message}`, droppedBytes: 0, durationMs: elapsed() };
    }
    // Stop leftovers of a normal exit as well (POSIX: Windows cannot find orphans of a dead
    // parent); after a kill this waits for the one under way.
    if (process.platform !== 'win32') stop();
    await stopping;
    let closeTimer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise<void>((resolve) => (closeTimer = setTimeout(resolve, CLOSE_WAIT_MS)))]);
    clearTimeout(closeTimer);
    // A descendant that escaped the group (setsid) may still hold the pipes: stop reading them.
    child.stdout.destroy();
    child.stderr.destroy();
    const { output: text, droppedBytes } = output.finish();
    const exitCode = exitedOnItsOwn && 'code' in end ? end.code : null;
    return { exitCode, timedOut, cancelled, output: text, droppedBytes, durationMs: elapsed() };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}
