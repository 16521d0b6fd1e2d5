/**
 * Checking that the processes a test command started are gone: by pid, found on the host by a
 * marker their arguments carry (the test command runs in its own PID namespace).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { hostProcessesWith } from './sandbox';

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

/**
 * Resolves with the host pids of the processes whose arguments carry `marker`, once there are at
 * least `count`. Processes in the sandbox have their own pid numbering, so tests find them on the
 * host by a marker in their arguments rather than by pids they print.
 */
export async function waitForMarked(marker: string, count: number, signal?: AbortSignal): Promise<number[]> {
  for (;;) {
    signal?.throwIfAborted();
    const found = hostProcessesWith(marker);
    if (found.length >= count) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A node:test file whose test sets its own process title to $HANG_MARKER and starts a child that
 * carries it too, then never ends: a hung test with a process tree under it, findable on the host.
 */
export const HANGING_TEST = [
  "import { test } from 'node:test';",
  "import { spawn } from 'node:child_process';",
  '',
  "test('waits for a server that never answers', async () => {",
  '  process.title = process.env.HANG_MARKER;',
  "  spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', process.env.HANG_MARKER], { stdio: 'ignore' });",
  '  await new Promise(() => setInterval(() => {}, 1000));',
  '});',
  '',
].join('\n');
