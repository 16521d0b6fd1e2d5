/**
 * Waiting for a sandbox to be gone for good. bwrap's first child is PID 1 of the sandbox's PID
 * namespace; when it dies the kernel kills every process in the namespace (a `setsid nohup`
 * child included) and only then lets PID 1 finish. It dies when the command exits, or with bwrap
 * (--die-with-parent) on a timeout or cancel; bwrap itself may exit a moment before. So once
 * PID 1 is gone, nothing of the command is left.
 */
import { promises as fs } from 'node:fs';

const POLL_MS = 10;

/** Resolves when none of the pids is running (exited, or a zombie nobody reaped), or after `maxMs`. */
export async function waitGone(pids: readonly number[], maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  let left = [...pids];
  while (left.length > 0 && Date.now() < deadline) {
    left = (await Promise.all(left.map(async (pid) => ((await running(pid)) ? pid : undefined)))).filter((p) => p !== undefined);
    if (left.length > 0) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function running(pid: number): Promise<boolean> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return false;
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}
