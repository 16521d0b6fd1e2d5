/**
 * The ProcessRunner port over child processes: a shell command line in its own process group,
 * stdin closed, a scrubbed environment, a timeout and an output cap. On timeout or abort the whole
 * tree is stopped; after a normal exit, descendants left running (a forgotten server) are stopped too.
 *
 * With `options.sandbox` the command runs inside the OS sandbox (src/node/sandbox: bubblewrap on
 * Linux); where there is none, the run is refused unless the caller says the user accepted that.
 * Without `options.sandbox` it runs with the caller's rights, as a plain child process.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { SquadError } from '../core/common/errors';
import type { CommandOptions, CommandResult, ProcessRunner, SandboxRequest } from '../core/testing/runner';
import { CappedOutput } from './outputCap';
import { stopProcessTree } from './processTree';
import { prepareSandboxedCommand } from './sandbox/command';
import { probeSandbox } from './sandbox/probe';
import { waitGone } from './sandbox/stop';
import { scrubEnv } from './scrubEnv';

export interface ProcessRunnerOptions {
  /** Time between SIGTERM and SIGKILL when stopping a tree. */
  readonly killGraceMs?: number;
  /** Where bwrap is (default: found on PATH). Tests point it at a missing file to see the refusal. */
  readonly bwrapPath?: string;
}

const DEFAULT_KILL_GRACE_MS = 2000;
/** After the tree is gone, how long to wait for the pipes to drain before closing them ourselves. */
const CLOSE_WAIT_MS = 500;
/** After bwrap is gone, how long the kernel may take to empty the sandbox's PID namespace. */
const SANDBOX_TEARDOWN_MS = 2000;

/** What to start: a shell command line, or bwrap with its arguments. */
type Launch = { readonly shell: string } | { readonly bwrap: string; readonly args: readonly string[] };

/** bwrap writes the sandbox's PID 1 (as a host pid) as JSON to this descriptor once it has started. */
const INFO_FD = 3;

export function createProcessRunner(options: ProcessRunnerOptions = {}): ProcessRunner {
  const graceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  return {
    sandboxInfo: async () => (await probeSandbox(options.bwrapPath)).info,
    run: (command, commandOptions) => runCommand(command, commandOptions, graceMs, options.bwrapPath),
  };
}

async function runCommand(command: string, options: CommandOptions, graceMs: number, bwrapPath: string | undefined): Promise<CommandResult> {
  if (options.signal?.aborted) {
    return { exitCode: null, timedOut: false, cancelled: true, output: '', droppedBytes: 0, durationMs: 0, sandboxed: false };
  }
  const env = scrubEnv(options.env);
  if (!options.sandbox) return runProcess({ shell: command }, env, options, graceMs, false);
  const probe = await probeSandbox(bwrapPath);
  if (!probe.bwrap) {
    if (!options.allowUnsandboxed) throw new SquadError('sandbox/unavailable', probe.info.description);
    return runProcess({ shell: command }, env, options, graceMs, false);
  }
  return runSandboxed(probe.bwrap, command, env, options.sandbox, options, graceMs);
}

async function runSandboxed(
  bwrap: string,
  command: string,
  env: Record<string, string>,
  request: SandboxRequest,
  options: CommandOptions,
  graceMs: number,
): Promise<CommandResult> {
  const prepared = await prepareSandboxedCommand({ bwrap, command, cwd: options.cwd, env, request });
  try {
    return await runProcess({ bwrap: prepared.file, args: ['--info-fd', String(INFO_FD), ...prepared.args] }, prepared.env, options, graceMs, true);
  } finally {
    await prepared.dispose();
  }
}

async function runProcess(launch: Launch, env: Record<string, string>, options: CommandOptions, graceMs: number, sandboxed: boolean): Promise<CommandResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const output = new CappedOutput(options.maxOutputBytes);
  const spawnOptions = {
    cwd: options.cwd,
    env,
    // POSIX: leader of a new process group (and session, so nothing can prompt on a terminal).
    detached: process.platform !== 'win32',
    stdio: ['ignore', 'pipe', 'pipe', ...('bwrap' in launch ? ['pipe' as const] : [])] as ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  };
  const child = 'shell' in launch ? spawn(launch.shell, { ...spawnOptions, shell: true }) : spawn(launch.bwrap, launch.args, spawnOptions);
  child.stdout.on('data', (chunk: Buffer) => output.push('stdout', chunk));
  child.stderr.on('data', (chunk: Buffer) => output.push('stderr', chunk));
  const sandboxInit = 'bwrap' in launch ? readSandboxInit(child.stdio[INFO_FD]) : Promise.resolve(undefined);

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
      return { exitCode: null, timedOut, cancelled, output: `Could not start the command: ${end.error.message}`, droppedBytes: 0, durationMs: elapsed(), sandboxed };
    }
    // Stop leftovers of a normal exit as well (POSIX: Windows cannot find orphans of a dead
    // parent); after a kill this waits for the one under way.
    if (process.platform !== 'win32') stop();
    await stopping;
    // bwrap exits as soon as it has the command's status, while the kernel may still be emptying
    // the sandbox's PID namespace: its PID 1 is gone only once every process in it is.
    const init = await sandboxInit;
    if (init !== undefined) await waitGone([init], SANDBOX_TEARDOWN_MS);
    let closeTimer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise<void>((resolve) => (closeTimer = setTimeout(resolve, CLOSE_WAIT_MS)))]);
    clearTimeout(closeTimer);
    // A descendant that escaped the group (setsid) may still hold the pipes: stop reading them.
    child.stdout.destroy();
    child.stderr.destroy();
    const { output: text, droppedBytes } = output.finish();
    const exitCode = exitedOnItsOwn && 'code' in end ? end.code : null;
    return { exitCode, timedOut, cancelled, output: text, droppedBytes, durationMs: elapsed(), sandboxed };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** The sandbox's PID 1 from bwrap's info descriptor; undefined when bwrap never got that far. */
function readSandboxInit(stream: unknown): Promise<number | undefined> {
  const readable = stream as NodeJS.ReadableStream | null | undefined;
  if (!readable) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let text = '';
    readable.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    readable.on('error', () => resolve(undefined));
    readable.on('close', () => {
      const pid = /"child-pid"\s*:\s*(\d+)/.exec(text)?.[1];
      resolve(pid === undefined ? undefined : Number(pid));
    });
  });
}

export interface StreamProgramOptions {
  readonly cwd: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Each chunk of stdout as it comes; false when the reader has what it needs (the program is stopped). */
  readonly onStdout: (chunk: Buffer) => boolean;
}

export interface StreamProgramEnd {
  /** The exit code when the program ended on its own; null when it was stopped or could not start. */
  readonly exitCode: number | null;
  /** Why Squad stopped it: the reader had enough, the timeout, or the caller's signal. */
  readonly stopped?: 'reader' | 'timeout' | 'cancelled';
  readonly startFailed?: boolean;
}

/**
 * A program with fixed arguments (no shell) whose stdout is read as it comes: the workspace tools'
 * ripgrep. The same hygiene as a command: the scrubbed environment, stdin closed, its own process
 * group, the whole tree stopped on timeout, on abort, or when the reader has enough.
 */
export function streamProgram(file: string, args: readonly string[], options: StreamProgramOptions): Promise<StreamProgramEnd> {
  return new Promise((resolve) => {
    if (options.signal?.aborted) return resolve({ exitCode: null, stopped: 'cancelled' });
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: scrubEnv(process.env),
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'ignore'],
      windowsHide: true,
      shell: false,
    });
    let stopped: StreamProgramEnd['stopped'];
    const stop = (why: NonNullable<StreamProgramEnd['stopped']>) => {
      if (stopped !== undefined) return;
      stopped = why;
      if (child.pid !== undefined) void stopProcessTree(child.pid, STREAM_KILL_GRACE_MS);
    };
    const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
    const onAbort = () => stop('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      if (stopped === undefined && !options.onStdout(chunk)) stop('reader');
    });
    let failed = false;
    child.on('error', () => (failed = true));
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (failed && child.pid === undefined) return resolve({ exitCode: null, startFailed: true });
      resolve({ exitCode: stopped === undefined ? code : null, ...(stopped ? { stopped } : {}) });
    });
  });
}

/** A reading program such as rg holds nothing worth a long grace period. */
const STREAM_KILL_GRACE_MS = 200;
