/**
 * Where a command's journals go, checked before anything is written: `--journal` must name a
 * folder (made if missing), never a file, and never one inside the workspace: journals, approvals
 * and checkpoints must not end up in the user's project.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { usageError } from './args';
import { resolveJournalDir } from './config';

type Env = Readonly<Record<string, string | undefined>>;

export async function journalDirFor(flag: string | undefined, env: Env, cwd: string, root: string): Promise<string> {
  const dir = resolveJournalDir(flag, env, cwd);
  if (flag === undefined || flag.trim() === '') return dir;
  const existing = await nearestExisting(dir);
  if (!existing.isDirectory) {
    const what = existing.path === dir ? 'is a file' : `cannot be made: ${existing.path} is a file`;
    throw usageError(`--journal ${dir} ${what}; give a folder (it is made if missing).`);
  }
  // Compare real paths: a link must not smuggle the journal into the project.
  const realDir = path.join(await fs.realpath(existing.path), path.relative(existing.path, dir));
  const realRoot = await fs.realpath(root).catch(() => path.resolve(root));
  if (isInside(realDir, realRoot)) {
    throw usageError(`--journal ${dir} is inside the workspace ${root}; Squad never writes its journals into your project. Choose a folder outside it, or leave --journal out (default: ~/.local/state/squad).`);
  }
  return dir;
}

/** `dir` itself when it exists, else its closest ancestor that does. */
async function nearestExisting(dir: string): Promise<{ path: string; isDirectory: boolean }> {
  for (let p = dir; ; p = path.dirname(p)) {
    const st = await fs.stat(p).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      // ENOTDIR: a file on the way; the loop reaches it. Anything else: let the caller meet it later.
      if (err.code === 'ENOTDIR') return undefined;
      throw err;
    });
    if (st) return { path: p, isDirectory: st.isDirectory() };
    if (path.dirname(p) === p) return { path: p, isDirectory: true };
  }
}

function isInside(p: string, root: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
