/**
 * Stopping a whole process tree. On POSIX the command runs as the leader of its own process
 * group, so one signal to the group reaches every descendant that did not start a session of its
 * own; on Windows `taskkill /T` walks the tree.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';

const POLL_MS = 25;
/** After SIGKILL, how long to wait for the kernel to tear the group down before giving up. */
const AFTER_KILL_MS = 1000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * SIGTERM to the group, then SIGKILL to whatever is still alive after `graceMs`. Resolves once
 * the group is gone (or, at worst, shortly after SIGKILL).
 */
export async function stopProcessTree(pid: number, graceMs: number): Promise<void> {
  if (process.platform === 'win32') return taskkill(pid);
  if (!signalGroup(pid, 'SIGTERM')) return;
  const termDeadline = Date.now() + graceMs;
  while (Date.now() < termDeadline) {
    await sleep(POLL_MS);
    if (!(await groupAlive(pid))) return;
  }
  if (!signalGroup(pid, 'SIGKILL')) return;
  const killDeadline = Date.now() + AFTER_KILL_MS;
  while (Date.now() < killDeadline && (await groupAlive(pid))) await sleep(POLL_MS);
}

/** False when no process is left in the group. */
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    // ESRCH: the group is empty. EPERM: its members are not ours any more (setuid): nothing we may do.
    return false;
  }
}

/**
 * Whether the group still has a member that is not a zombie. Orphaned descendants are reparented
 * to PID 1, and some container inits never reap them: counting zombies as alive would make every
 * kill wait out the whole grace period.
 */
async function groupAlive(pgid: number): Promise<boolean> {
  if (!signalGroup(pgid, 0)) return false;
  if (process.platform !== 'linux') return true;
  const live = await liveGroupMembersLinux(pgid).catch(() => undefined);
  return live === undefined ? true : live > 0;
}

async function liveGroupMembersLinux(pgid: number): Promise<number> {
  let live = 0;
  for (const name of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await fs.readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') live++;
  }
  return live;
}

function taskkill(pid: number): Promise<void> {
  return new Promise((resolve) => {
    const killer = spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    killer.on('error', () => resolve());
    killer.on('exit', () => resolve());
  });
}
