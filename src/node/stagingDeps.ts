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
 * Go needs nothing linked (its module cache is global); `dependencyNeeds` names it for the sandbox.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { cancelledError } from '../core/common/errors';
import { SKIPPED_DIRS } from './stagingFiles';

const WHOLE_LINKS = ['.venv', 'venv', '__pypackages__', '.yarn/cache', '.yarn/unplugged', '.yarn/install-state.gz', '.pnp.cjs', '.pnp.loader.mjs', '.pnp.js'];
const VENV_NAMES = new Set(['.venv', 'venv']);
const UNLINKED_CACHES = new Set(['.cache', '.vite', '.vitest', '.vite-temp']);
/** Package folders are rarely deeper than packages/group/name; the walk stays bounded in big trees. */
const MAX_DEPTH = 5;
const MAX_DIRS = 20_000;

/** A dependency folder (or file) of the workspace, as the tree gets it. */
export interface DependencySource {
  /** Relative to the workspace root, with the platform's separators. */
  readonly rel: string;
  /** node_modules: a real folder of links, one per entry; link: one link to the whole thing. */
  readonly kind: 'node_modules' | 'link';
}

/**
 * The dependencies found under `srcRoot` that a tree gets: those next to a folder the tree has
 * (`treeHasDir`, relative paths) and not already in it (`treeHas`). Bounded walk, no reads.
 */
export async function findDependencies(
  srcRoot: string,
  tree: { hasDir: (rel: string) => Promise<boolean>; has: (rel: string) => Promise<boolean> },
  signal?: AbortSignal,
): Promise<DependencySource[]> {
  const found: DependencySource[] = [];
  let visited = 0;
  const walk = async (rel: string, depth: number): Promise<void> => {
    if (signal?.aborted) throw cancelledError(signal);
    if (++visited > MAX_DIRS) return;
    if (!(await tree.hasDir(rel))) return; // a folder the tree does not have (ignored, untracked): nothing to serve
    const entries = await fs.readdir(path.join(srcRoot, rel), { withFileTypes: true }).catch(() => []);
    const nodeModules = entries.find((e) => e.name === 'node_modules');
    const nmRel = path.join(rel, 'node_modules');
    // A node_modules that is itself a link (to a shared store) is linked as a whole.
    if (nodeModules && !(await tree.has(nmRel))) found.push({ rel: nmRel, kind: nodeModules.isDirectory() ? 'node_modules' : 'link' });
    for (const link of WHOLE_LINKS) {
      const linkRel = path.join(rel, link);
      if ((await exists(path.join(srcRoot, linkRel))) && !(await tree.has(linkRel))) found.push({ rel: linkRel, kind: 'link' });
    }
    if (depth >= MAX_DEPTH) return;
    for (const e of entries) {
      if (e.isDirectory() && !SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.')) await walk(path.join(rel, e.name), depth + 1);
    }
  };
  await walk('', 0);
  return found;
}

export interface LinkedDependencies {
  /** Paths created in the tree (links and link folders), removed before the tree is, so nothing deletes through them. */
  readonly created: readonly string[];
  /** The workspace folders and files the links lead into (absolute). */
  readonly sources: readonly string[];
}

/** Links dependencies found under `srcRoot` into the same places under `dstRoot`. */
export async function linkDependencies(srcRoot: string, dstRoot: string, signal?: AbortSignal): Promise<LinkedDependencies> {
  const deps = await findDependencies(srcRoot, { hasDir: (rel) => isDir(path.join(dstRoot, rel)), has: (rel) => exists(path.join(dstRoot, rel)) }, signal);
  const created: string[] = [];
  for (const dep of deps) {
    const to = path.join(dstRoot, dep.rel);
    if (dep.kind === 'node_modules') {
      await linkNodeModules(srcRoot, dstRoot, dep.rel);
    } else {
      await fs.mkdir(path.dirname(to), { recursive: true });
      await linkTo(path.join(srcRoot, dep.rel), to);
    }
    created.push(to);
  }
  return { created, sources: deps.map((dep) => path.join(srcRoot, dep.rel)) };
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

export async function isDir(p: string): Promise<boolean> {
  return (await fs.stat(p).catch(() => undefined))?.isDirectory() ?? false;
}

async function exists(p: string): Promise<boolean> {
  return (await fs.lstat(p).catch(() => undefined)) !== undefined;
}

/**
 * What the linked dependencies need beyond themselves, for a sandbox that hides the user's home:
 * a virtualenv's base Python (`home` in pyvenv.cfg, often under ~/.pyenv or ~/.local) and, for a
 * Go module, the module cache (global, usually ~/go/pkg/mod). Absolute paths that exist.
 */
export async function dependencyNeeds(input: {
  /** The workspace and its repository's top: where a go.mod would be. */
  readonly roots: readonly string[];
  readonly sources: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
}): Promise<string[]> {
  const { sources, env, home } = input;
  const needs: string[] = [];
  for (const source of sources) {
    if (!VENV_NAMES.has(path.basename(source))) continue;
    const cfg = await fs.readFile(path.join(source, 'pyvenv.cfg'), 'utf8').catch(() => '');
    const bin = /^\s*home\s*=\s*(.+?)\s*$/m.exec(cfg)?.[1];
    if (bin !== undefined && path.isAbsolute(bin)) needs.push(path.basename(bin) === 'bin' ? path.dirname(bin) : bin);
  }
  for (const source of sources) if (path.basename(source) === 'node_modules') needs.push(...(await linkedOutside(source, input.roots)));
  const goModules = await Promise.all(input.roots.map((root) => exists(path.join(root, 'go.mod'))));
  if (goModules.includes(true)) {
    const gopath = (env['GOPATH'] ?? '').split(path.delimiter).find((p) => path.isAbsolute(p)) ?? path.join(home, 'go');
    needs.push(env['GOMODCACHE'] || path.join(gopath, 'pkg', 'mod'));
  }
  const present: string[] = [];
  for (const need of new Set(needs)) if (await exists(need)) present.push(need);
  return present;
}

/** Most packages of one node_modules that may each need their own folder shown (npm link, a shared store). */
const MAX_LINKED_PACKAGES = 200;

/**
 * Packages that `node_modules` reaches through links to folders outside the workspace (npm link,
 * a tool cache, a store shared between projects): the sandbox must show them, read-only, or the
 * tests cannot load them. A package inside another `node_modules` brings that whole folder (its
 * own dependencies resolve there); a linked project brings its own folder.
 */
async function linkedOutside(nodeModules: string, roots: readonly string[]): Promise<string[]> {
  const out = new Set<string>();
  const inside = (p: string) => roots.some((r) => p === r || p.startsWith(r + path.sep));
  const entries: string[] = [];
  for (const name of await fs.readdir(nodeModules).catch(() => [] as string[])) {
    if (name.startsWith('@')) for (const scoped of await fs.readdir(path.join(nodeModules, name)).catch(() => [] as string[])) entries.push(path.join(name, scoped));
    else if (name !== '.bin') entries.push(name);
  }
  for (const entry of entries.slice(0, MAX_LINKED_PACKAGES)) {
    const abs = path.join(nodeModules, entry);
    if (!(await fs.lstat(abs).catch(() => undefined))?.isSymbolicLink()) continue;
    const real = await fs.realpath(abs).catch(() => undefined);
    if (real === undefined || inside(real)) continue;
    const parts = real.split(path.sep);
    const at = parts.lastIndexOf('node_modules');
    out.add(at > 0 ? parts.slice(0, at + 1).join(path.sep) : real);
  }
  return [...out];
}
