/**
 * Stager.digest: a sha256 over what a stage would copy, from metadata only (no file is read), so
 * a baseline run can be reused while the workspace is unchanged. Each entry contributes its path,
 * type, size and modification time; so do the installed-dependency folders the tree would link
 * (and the state files package managers rewrite on every install) and the lockfiles next to the
 * workspace, ignored or not.
 */
import { createHash, type Hash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { cancelledError } from '../core/common/errors';
import { findDependencies } from './stagingDeps';
import { walkTree } from './stagingFiles';
import type { StageSource } from './stagingSource';

const LOCKFILES = [
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb', 'poetry.lock', 'uv.lock',
  'Pipfile.lock', 'pdm.lock', 'requirements.txt', 'Cargo.lock', 'go.sum', 'Gemfile.lock', 'composer.lock',
];
/** Rewritten by an install even when the folder's own entries stay the same (an upgrade in place). */
const INSTALL_STATE = ['.package-lock.json', '.modules.yaml', '.yarn-state.yml', '.yarn-integrity', 'pyvenv.cfg'];
const STAT_CONCURRENCY = 32;

export async function digestSource(source: StageSource, include: readonly string[], signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  const entries = new Map<string, string>();
  const dirs = new Set<string>(['']);
  const record = (label: string, rel: string, st: Stats | undefined) => {
    if (st) entries.set(`${label}\0${rel}`, `${kind(st)}\0${st.size}\0${st.mtimeMs}`);
  };
  const walkInto = async (label: string, base: string, relBase: string) => {
    await walkTree(base, {
      dir: async (rel) => void dirs.add(join(relBase, rel)),
      file: async (rel) => record(label, join(relBase, rel), await fs.lstat(path.join(base, rel)).catch(() => undefined)),
    }, signal);
  };

  if (source.files === undefined) {
    await walkInto('file', source.top, '');
  } else {
    await pool(source.files, async (rel) => {
      for (let dir = path.posix.dirname(rel); dir !== '.'; dir = path.posix.dirname(dir)) dirs.add(dir);
      const st = await fs.lstat(path.join(source.top, rel)).catch(() => undefined);
      // A submodule is listed as one folder and copied as a tree.
      if (st?.isDirectory()) await walkInto('file', path.join(source.top, rel), rel);
      else record('file', rel, st);
    }, signal);
  }
  for (const rel of include) {
    const abs = path.resolve(source.root, rel);
    const st = await fs.lstat(abs).catch(() => undefined);
    if (st?.isDirectory()) await walkInto('include', abs, rel);
    else record('include', rel, st);
  }

  const has = (rel: string) => entries.has(`file\0${rel.split(path.sep).join('/')}`) || dirs.has(rel.split(path.sep).join('/'));
  const deps = await findDependencies(source.top, { hasDir: async (rel) => dirs.has(rel.split(path.sep).join('/')), has: async (rel) => has(rel) }, signal);
  for (const dep of deps) {
    const abs = path.join(source.top, dep.rel);
    record('dep', dep.rel, await fs.stat(abs).catch(() => undefined));
    for (const name of INSTALL_STATE) record('dep', path.join(dep.rel, name), await fs.stat(path.join(abs, name)).catch(() => undefined));
    for (const sitePackages of await venvSitePackages(abs)) record('dep', path.relative(source.top, sitePackages), await fs.stat(sitePackages).catch(() => undefined));
  }
  for (const dir of new Set([source.top, source.root])) {
    for (const name of LOCKFILES) record('lock', path.join(dir, name), await fs.stat(path.join(dir, name)).catch(() => undefined));
  }

  if (signal?.aborted) throw cancelledError(signal);
  update(hash, [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return hash.digest('hex');
}

function update(hash: Hash, sorted: readonly (readonly [string, string])[]): void {
  for (const [key, value] of sorted) hash.update(`${key}\0${value}\n`);
}

function kind(st: Stats): string {
  return st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'dir' : st.isFile() ? `file:${st.mode & 0o111 ? 'x' : '-'}` : 'other';
}

function join(base: string, rel: string): string {
  return base === '' ? rel : rel === '' ? base : `${base}/${rel}`;
}

/** `lib/python3.X/site-packages` (POSIX) or `Lib/site-packages` (Windows) of a virtualenv; changes on every pip install. */
async function venvSitePackages(venv: string): Promise<string[]> {
  const found: string[] = [];
  for (const lib of ['lib', 'Lib']) {
    const names = await fs.readdir(path.join(venv, lib)).catch(() => [] as string[]);
    for (const name of names) {
      if (name === 'site-packages') found.push(path.join(venv, lib, name));
      else if (name.startsWith('python')) found.push(path.join(venv, lib, name, 'site-packages'));
    }
  }
  return found;
}

async function pool<T>(items: readonly T[], fn: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      if (signal?.aborted) throw cancelledError(signal);
      await fn(items[next++] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(STAT_CONCURRENCY, items.length) }, worker));
}
