/**
 * File operations for the scratch tree: copying workspace entries in, and writing proposed files
 * without ever following a link out of the tree (dependency folders are links to the workspace).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { SquadError, cancelledError } from '../core/common/errors';
import type { StagedFile } from '../core/testing/staging';

/** Never copied: version control, installed dependencies (linked instead), build output and caches. */
export const SKIPPED_DIRS = new Set([
  '.git', '.hg', '.svn', 'node_modules', '.venv', 'venv', '__pypackages__', '.yarn', '.pnpm-store',
  'dist', 'build', 'out', 'coverage', '.next', '.nuxt', '.svelte-kit', '.turbo', '.cache', '.parcel-cache',
  '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', 'target', '.gradle',
  '.idea', '.vscode-test', '.squad',
]);

const throwIfAborted = (signal?: AbortSignal) => {
  if (signal?.aborted) throw cancelledError(signal);
};

/** Copies one file or symlink (as a link), creating parent folders; a folder is copied as a tree. */
export async function copyEntry(src: string, dst: string, signal?: AbortSignal): Promise<void> {
  const st = await fs.lstat(src);
  await fs.mkdir(path.dirname(dst), { recursive: true });
  await fs.rm(dst, { recursive: true, force: true });
  if (st.isSymbolicLink()) await fs.symlink(await fs.readlink(src), dst);
  else if (st.isDirectory()) await copyTree(src, dst, signal);
  else if (st.isFile()) await fs.copyFile(src, dst, fs.constants.COPYFILE_FICLONE);
}

/**
 * Walks a folder the way a copy without git sees it: skipping SKIPPED_DIRS at any depth and
 * whatever the .gitignore files along the way exclude (nested files apply below their folder, as
 * in git). `dir` is called for every folder kept (the root as ''), `file` for every other entry;
 * paths are POSIX and relative to `srcRoot`.
 */
export async function walkTree(
  srcRoot: string,
  visit: { dir?: (rel: string) => Promise<void>; file: (rel: string) => Promise<void> },
  signal?: AbortSignal,
): Promise<void> {
  const walk = async (rel: string, rules: readonly { base: string; ig: Ignore }[]): Promise<void> => {
    throwIfAborted(signal);
    const srcDir = path.join(srcRoot, rel);
    const text = await fs.readFile(path.join(srcDir, '.gitignore'), 'utf8').catch(() => undefined);
    const here = text === undefined ? rules : [...rules, { base: rel, ig: ignore().add(text) }];
    await visit.dir?.(rel);
    for (const entry of await fs.readdir(srcDir, { withFileTypes: true })) {
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const isDir = entry.isDirectory();
      // A submodule's or nested worktree's `.git` is a file pointing at a gitdir that the copy would not have.
      if (entry.name === '.git' || (isDir && SKIPPED_DIRS.has(entry.name))) continue;
      if (here.some(({ base, ig }) => ig.ignores(path.posix.relative(base, childRel) + (isDir ? '/' : '')))) continue;
      if (isDir) await walk(childRel, here);
      else await visit.file(childRel);
    }
  };
  await walk('', []);
}

/** Copies a folder as `walkTree` sees it (empty folders included). */
export async function copyTree(srcRoot: string, dstRoot: string, signal?: AbortSignal): Promise<void> {
  const files: string[] = [];
  await walkTree(srcRoot, { dir: (rel) => fs.mkdir(path.join(dstRoot, rel), { recursive: true }).then(() => undefined), file: async (rel) => void files.push(rel) }, signal);
  await copyFiles(srcRoot, dstRoot, files, signal);
}

/** Files copied at once: enough to hide per-file latency, few enough to stay clear of EMFILE. */
const COPY_CONCURRENCY = 16;

/**
 * Copies the entries named by POSIX paths relative to `srcRoot` (files, links as links, folders
 * as trees) to the same places under `dstRoot`; entries missing from `srcRoot` are skipped.
 */
export async function copyFiles(srcRoot: string, dstRoot: string, rels: readonly string[], signal?: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < rels.length) {
      throwIfAborted(signal);
      const segments = (rels[next++] as string).split('/');
      const src = path.join(srcRoot, ...segments);
      if (await fs.lstat(src).catch(() => undefined)) await copyEntry(src, path.join(dstRoot, ...segments), signal);
    }
  };
  await Promise.all(Array.from({ length: Math.min(COPY_CONCURRENCY, rels.length) }, worker));
}

/** A proposal's path as safe POSIX segments: relative, no `..`, nothing under `.git`. */
function segmentsOf(relPath: string): string[] {
  const segments = relPath.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
  const bad = /^([A-Za-z]:|\/)/.test(relPath) || segments.length === 0 || segments.some((s) => s === '..' || s.toLowerCase() === '.git');
  if (bad) throw new SquadError('path/outside_workspace', `Refusing to stage "${relPath}": not a workspace-relative file path.`);
  return segments;
}

/**
 * The folder a proposal goes into, created as needed. A folder on the way that is a link must
 * lead back into the tree: dependency folders link to the user's workspace, and writing through
 * them would change the user's files.
 */
async function safeParent(treeRoot: string, dir: string, segments: readonly string[], original: string): Promise<string> {
  const realRoot = await fs.realpath(treeRoot);
  let current = dir;
  for (const segment of segments.slice(0, -1)) {
    current = path.join(current, segment);
    const st = await fs.lstat(current).catch(() => undefined);
    if (!st) {
      await fs.mkdir(current);
    } else if (st.isSymbolicLink()) {
      const real = await fs.realpath(current).catch(() => undefined);
      const rel = real === undefined ? '..' : path.relative(realRoot, real);
      if (rel.startsWith('..') || path.isAbsolute(rel)) {
        throw new SquadError('path/outside_workspace', `Refusing to stage "${original}": it lies under a link that leaves the scratch tree.`);
      }
    } else if (!st.isDirectory()) {
      throw new SquadError('path/outside_workspace', `Refusing to stage "${original}": "${segment}" is a file.`);
    }
  }
  return current;
}

/** Writes (or, for undefined content, deletes) each proposed file under `dir`. */
export async function writeProposals(treeRoot: string, dir: string, files: readonly StagedFile[], signal?: AbortSignal): Promise<void> {
  for (const file of files) {
    throwIfAborted(signal);
    const segments = segmentsOf(file.path);
    const parent = await safeParent(treeRoot, dir, segments, file.path);
    const target = path.join(parent, segments[segments.length - 1] as string);
    const st = await fs.lstat(target).catch(() => undefined);
    if (st?.isDirectory()) throw new SquadError('path/outside_workspace', `Refusing to stage "${file.path}": it is a folder.`);
    // Replace a link rather than write through it.
    if (st?.isSymbolicLink() || file.content === undefined) await fs.rm(target, { force: true });
    // The copy keeps a read-only file's mode; the proposal must replace it all the same.
    else if (st && (st.mode & 0o200) === 0) await fs.chmod(target, st.mode | 0o200);
    if (file.content !== undefined) await fs.writeFile(target, file.content, 'utf8');
  }
}
