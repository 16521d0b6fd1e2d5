/**
 * Real file-system faults for an apply, no hooks: a read-only file, and a file that cannot be
 * replaced while other files of the same apply can. As root, permission bits stop nothing (an apply
 * as root would write through a 0555 folder), so the second uses the immutable attribute there
 * (`chattr +i`: no rename over it, no link to it), and a read-only folder otherwise.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface FileFault {
  /** What was done, in words. */
  readonly how: string;
  /** Takes the fault away. */
  undo(): Promise<void>;
}

export async function readOnlyFile(root: string, rel: string): Promise<FileFault> {
  const file = path.join(root, rel);
  const mode = (await fs.stat(file)).mode & 0o777;
  await fs.chmod(file, mode & ~0o222);
  return { how: `${rel} made read-only`, undo: () => fs.chmod(file, mode) };
}

/** `rel` can no longer be replaced, though its folder takes new files; undefined when this machine cannot do that. */
export async function unreplaceableFile(root: string, rel: string): Promise<FileFault | undefined> {
  const file = path.join(root, rel);
  if (process.getuid?.() === 0) {
    const made = await run('chattr', ['+i', file]).then(() => true, () => false);
    if (made && (await refusesRename(file))) return { how: `${rel} made immutable (chattr +i)`, undo: () => run('chattr', ['-i', file]).then(() => undefined) };
    if (made) await run('chattr', ['-i', file]).catch(() => undefined);
    return undefined;
  }
  const dir = path.dirname(file);
  const mode = (await fs.stat(dir)).mode & 0o777;
  await fs.chmod(dir, mode & ~0o222);
  return { how: `the folder of ${rel} made read-only`, undo: () => fs.chmod(dir, mode) };
}

/** An immutable file takes no new link (nor a rename over it); linking leaves the file as it was. */
async function refusesRename(file: string): Promise<boolean> {
  const probe = path.join(path.dirname(file), '.squad-fault-probe');
  try {
    await fs.link(file, probe);
    await fs.rm(probe, { force: true });
    return false;
  } catch {
    return true;
  }
}
