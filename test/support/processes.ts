/**
 * Checking, by pid, that the processes a test command started are gone. A test file writes its
 * pids (and its children's) as a JSON array to a file whose absolute path the test passes in
 * an environment variable the runner keeps.
 */
import assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';

/** A zombie (exited, not yet reaped by a container's PID 1) is not running. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

/** Asserts every pid is gone; a survivor is killed first, so a failing test leaves nothing behind. */
export function assertGone(pids: readonly number[]): void {
  const running = pids.filter(isRunning);
  for (const pid of running) process.kill(pid, 'SIGKILL');
  assert.deepEqual(running, [], `still running: ${running.join(', ')}`);
}

/** The pids a test wrote: one array per line, that is per run of the test. */
export async function readPidRuns(file: string): Promise<number[][]> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as number[]);
}

/** Resolves once `file` holds a complete line (the writer ends it with a newline). */
export async function waitForLine(file: string, signal?: AbortSignal): Promise<string> {
  for (;;) {
    signal?.throwIfAborted();
    const text = await fs.readFile(file, 'utf8').catch(() => '');
    if (text.endsWith('\n')) return text;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A node:test file whose test records its pid, its parent's (the `node --test` runner) and a
 * grandchild's as one line of $PID_FILE (one line per run), then never ends: a hung test with a process tree under it.
 */
export const HANGING_TEST = [
  "import { test } from 'node:test';",
  "import { spawn } from 'node:child_process';",
  "import { appendFileSync } from 'node:fs';",
  '',
  "test('waits for a server that never answers', async () => {",
  "  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });",
  "  appendFileSync(process.env.PID_FILE, JSON.stringify([process.pid, process.ppid, child.pid]) + '\\n');",
  '  await new Promise(() => setInterval(() => {}, 1000));',
  '});',
  '',
].join('\n');
