/**
 * Makes the workspace's installed dependencies visible in a scratch tree without installing or
 * copying them. Linked, where present in the workspace and absent from the tree:
 *
 * - `node_modules` at the root and in every package folder (monorepos): a real folder in the
 *   tree whose entries link to the workspace's entries. Entries that link back into the workspace
 *   (npm/pnpm/yarn workspace packages) are re-aimed at the tree's copy, so a package's tests see
 *   its siblings' proposed changes; cache folders (.cache, .vite, .vitest) are left out so tools
 *   write their caches in the scratch tree, not in the user's node_modules.
 * - Python: `.venv`, `venv`, `__pypackages__` (whole folders).
 * - Yarn Plug'n'Play: `.yarn/cache`, `.yarn/unplugged`, `.yarn/install-state.gz`, `.pnp.cjs`,
 *   `.pnp.loader.mjs`, `.pnp.js`.
 * Go needs nothing (its module cache is global).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { cancelledError } from '../core/common/errors';
import { SKIPPED_DIRS } from './stagingFiles';

const WHOLE_LINKS = ['.venv', 'venv', '__pypackages__', '.yarn/cache', '.yarn/unplugged', '.yarn/install-state.gz', '.pnp.cjs', '.pnp.loader.mjs', '.pnp.js'];
const UNLINKED_CACHES = new Set(['.cache', '.vite', '.vitest', '.vite-temp']);
/** Package folders are rarely deeper than packages/group/name; the walk stays bounded in big trees. */
const MAX_DEPTH = 5;
const MAX_DIRS = 20_000;

/**
 * Links dependencies found under `srcRoot` into the same places under `dstRoot`. Returns the
 * paths created in the tree (links and link folders), so they can be removed before the tree is.
 */
export async function linkDependencies(srcRoot: string, dstRoot: string, signal?: AbortSignal): Promise<string[]> {
  const created: string[] = [];
  let visited = 0;
  const walk = async (rel: string, depth: number): Promise<void> => {
    if (signal?.aborted) throw cancelledError(signal);
    if (++visited > MAX_DIRS) return;
    const src = path.join(srcRoot, rel);
    const dst = path.join(dstRoot, rel);
    if (!(await isDir(dst))) return; // a folder the tree does not have (ignored, untracked): nothing to serve
    const entries = await fs.readdir(src, { withFileTypes: true }).catch(() => []);
    const nodeModules = entries.find((e) => e.name === 'node_modules');
    if (nodeModules && !(await exists(path.join(dst, 'node_modules')))) {
      // A node_modules that is itself a link (to a shared store) is linked as a whole.
      if (nodeModules.isDirectory()) await linkNodeModules(srcRoot, dstRoot, path.join(rel, 'node_modules'));
      else await linkTo(path.join(src, 'node_modules'), path.join(dst, 'node_modules'));
      created.push(path.join(dst, 'node_modules'));
    }
    for (const link of WHOLE_LINKS) {
      const from = path.join(src, link);
      const to = path.join(dst, link);
      if ((await exists(from)) && !(await exists(to))) {
        await fs.mkdir(path.dirname(to), { recursive: true });
        await linkTo(from, to);
        created.push(to);
      }
    }
    if (depth >= MAX_DEPTH) return;
    for (const e of entries) {
      if (e.isDirectory() && !SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.')) await walk(path.join(rel, e.name), depth + 1);
    }
  };
  await walk('', 0);
  return created;
}

async function linkNodeModules(srcRoot: string, dstRoot: string, rel: string): Promise<void> {
  const src = path.join(srcRoot, rel);
  const dst = path.join(dstRoot, rel);
  await fs.mkdir(dst, { recursive: true });
  for (const entry of await fs.readdir(src, { withFileTypes: true })) {
    if (UNLINKED_CACHES.has(entry.name)) continue;
    if (entry.name.startsWith('@') && entry.isDirectory()) {
      await fs.mkdir(path.join(dst, entry.name), { recursive: true });
      for (const scoped of await fs.readdir(path.join(src, entry.name))) {
        await linkEntry(srcRoot, dstRoot, path.join(rel, entry.name, scoped));
      }
    } else {
      await linkEntry(srcRoot, dstRoot, path.join(rel, entry.name));
    }
  }
}

/** Links tree/rel to workspace/rel, or to the tree's own copy when the workspace entry is a link to a workspace package. */
async function linkEntry(srcRoot: string, dstRoot: string, rel: string): Promise<void> {
  const src = path.join(srcRoot, rel);
  let target = src;
  const st = await fs.lstat(src);
  if (st.isSymbolicLink()) {
    const resolved = path.resolve(path.dirname(src), await fs.readlink(src));
    const inside = path.relative(srcRoot, resolved);
    const isWorkspacePackage = !inside.startsWith('..') && !path.isAbsolute(inside) && !inside.split(path.sep).includes('node_modules');
    if (isWorkspacePackage && (await exists(path.join(dstRoot, inside)))) target = path.join(dstRoot, inside);
  }
  await linkTo(target, path.join(dstRoot, rel));
}

/** Windows: junctions for folders (no privilege needed); a file link that is refused becomes a copy. */
async function linkTo(target: string, link: string): Promise<void> {
  if (process.platform !== 'win32') return fs.symlink(target, link);
  const st = await fs.stat(target).catch(() => undefined);
  if (st?.isDirectory()) return fs.symlink(target, link, 'junction');
  try {
    await fs.symlink(target, link, 'file');
  } catch {
    await fs.copyFile(target, link);
  }
}

async function isDir(p: string): Promise<boolean> {
  return (await fs.stat(p).catch(() => undefined))?.isDirectory() ?? false;
}

async function exists(p: string): Promise<boolean> {
  return (await fs.lstat(p).catch(() => undefined)) !== undefined;
}
