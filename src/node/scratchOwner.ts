/**
 * Who owns a scratch folder (`squad-stage-*` under the OS temp folder): the process id and its
 * start time, written into the folder when it is made. A run that is killed never disposes its
 * scratch trees, which may hold copies of the user's untracked files; the next Squad process
 * removes every such folder whose owner is gone. A folder without an owner file is never touched.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export const SCRATCH_PREFIX = 'squad-stage-';
const OWNER_FILE = '.squad-owner.json';

interface Owner {
  readonly pid: number;
  /** Linux: `linux:<start time in clock ticks after boot>` (from /proc); elsewhere the start in epoch ms. */
  readonly started: string;
}

let self: Promise<Owner> | undefined;

/** Records this process as the folder's owner. */
export async function writeOwner(dir: string): Promise<void> {
  self ??= ownerOf(process.pid).then((o) => o ?? { pid: process.pid, started: `epoch:${Math.round(Date.now() - process.uptime() * 1000)}` });
  await fs.writeFile(path.join(dir, OWNER_FILE), JSON.stringify(await self), { mode: 0o600 });
}

/**
 * Removes the scratch folders under `tmpDir` whose owner process is gone (or whose pid now belongs
 * to another process, on Linux where start times can be compared). Returns what it removed.
 */
export async function removeStaleScratchTrees(tmpDir: string): Promise<string[]> {
  const removed: string[] = [];
  const entries = await fs.readdir(tmpDir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || !entry.name.startsWith(SCRATCH_PREFIX)) continue;
    const dir = path.join(tmpDir, entry.name);
    const owner = await readOwner(dir);
    if (!owner || (await isAlive(owner))) continue;
    // rm does not follow the tree's dependency links: the user's node_modules are safe.
    await fs.rm(dir, { recursive: true, force: true, maxRetries: 3 }).then(() => removed.push(dir), () => undefined);
  }
  return removed;
}

async function readOwner(dir: string): Promise<Owner | undefined> {
  try {
    const parsed = JSON.parse(await fs.readFile(path.join(dir, OWNER_FILE), 'utf8')) as Partial<Owner>;
    return typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0 && typeof parsed.started === 'string'
      ? { pid: parsed.pid, started: parsed.started }
      : undefined;
  } catch {
    return undefined;
  }
}

async function isAlive(owner: Owner): Promise<boolean> {
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    // EPERM: a process of another user holds the pid; it may be the owner, so keep the folder.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (!owner.started.startsWith('linux:')) return true;
  const now = await ownerOf(owner.pid);
  return now === undefined || now.started === owner.started;
}

/** The pid's start time from /proc (Linux); undefined elsewhere or when it cannot be read. */
async function ownerOf(pid: number): Promise<Owner | undefined> {
  if (process.platform !== 'linux') return undefined;
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return undefined;
  // "pid (comm) state ppid …": comm may hold spaces and parentheses; start time is field 22, the 20th after comm.
  const started = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  return started === undefined ? undefined : { pid, started: `linux:${started}` };
}
