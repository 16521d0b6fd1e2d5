/**
 * What a scratch tree is made of: the workspace's files as a test run should see them, listed
 * without writing anything anywhere.
 *
 * - In a git repository: every file `git ls-files --cached --others --exclude-standard` names
 *   (tracked, plus untracked-not-ignored), from the repository's top. Read-only git commands with
 *   `--no-optional-locks` (no index refresh) and fsmonitor off (no hook program runs): nothing is
 *   written to the user's `.git`. Untracked files inside installed-dependency folders are left
 *   out (those folders are linked, not copied).
 * - Otherwise, or when the repository tracks nothing of the workspace (a project inside an
 *   ignored folder of a dotfiles repository): the workspace folder, skipping heavy folders and
 *   what its .gitignore files exclude (stagingFiles.walkTree).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { cancelledError } from '../core/common/errors';
import { squadGit } from './squadGit';

export interface StageSource {
  /** The workspace folder (real path). */
  readonly root: string;
  /** The folder the tree mirrors: the repository's top, or the workspace when listed without git. */
  readonly top: string;
  /** The workspace relative to `top` ('' when they are the same). */
  readonly prefix: string;
  /** git: the entries to copy, POSIX paths relative to `top`; undefined: walk `top` instead. */
  readonly files: readonly string[] | undefined;
  /** The repository's top when the workspace is inside one (hidden from the sandbox even when not listed by git). */
  readonly repoTop: string | undefined;
}

/** Untracked entries under these folders are installed dependencies, linked into the tree instead. */
const DEPENDENCY_DIRS = new Set(['node_modules', '.venv', 'venv', '__pypackages__', '.git']);

export async function listStageSource(workspaceRoot: string, signal?: AbortSignal): Promise<StageSource> {
  const root = await fs.realpath(workspaceRoot);
  const repoTop = await findRepoTop(root, signal);
  if (repoTop !== undefined) {
    const prefix = path.relative(repoTop, root);
    const files = await gitFiles(repoTop, signal);
    const posixPrefix = prefix.split(path.sep).join('/');
    const covers = prefix === '' || files.some((f) => f === posixPrefix || f.startsWith(`${posixPrefix}/`));
    if (covers) return { root, top: repoTop, prefix, files, repoTop };
  }
  if (signal?.aborted) throw cancelledError(signal);
  return { root, top: root, prefix: '', files: undefined, repoTop };
}

async function findRepoTop(root: string, signal?: AbortSignal): Promise<string | undefined> {
  const out = await git(root, ['rev-parse', '--show-toplevel'], signal).catch(() => '');
  if (signal?.aborted) throw cancelledError(signal);
  const top = out.trim();
  return top === '' ? undefined : fs.realpath(top).catch(() => undefined);
}

async function gitFiles(top: string, signal?: AbortSignal): Promise<string[]> {
  // One listing, each entry tagged: 'H ' tracked, '? ' untracked (never silent, so never waited on).
  const out = await git(top, ['ls-files', '-z', '-t', '--cached', '--others', '--exclude-standard'], signal).catch((err: unknown) => {
    throw signal?.aborted ? cancelledError(signal) : err;
  });
  const files = new Set<string>();
  for (const tagged of split(out)) {
    const entry = tagged.slice(2);
    if (!tagged.startsWith('?') || !entry.split('/').some((segment) => DEPENDENCY_DIRS.has(segment))) files.add(entry);
  }
  return [...files];
}

function split(z: string): string[] {
  // A nested repository shows up as one untracked folder, named with a trailing slash.
  return z.split('\0').filter((f) => f !== '').map((f) => f.replace(/\/$/, ''));
}

/** A read-only git command: no optional locks (no index refresh), so nothing is written to the user's `.git`. */
function git(cwd: string, args: readonly string[], signal?: AbortSignal): Promise<string> {
  return squadGit(cwd, args, signal ? { signal } : {});
}
