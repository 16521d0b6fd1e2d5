import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FileListing, FileStat, ListFilesOptions, Workspace } from '../core/ports';
import { abortable } from '../core/common/abortable';
import { IgnoreRules } from './ignoreRules';
import { scanCandidates } from './scanPool';
import { createRipgrepEngine } from './ripgrep';
import { walkFiles } from './walkFiles';

export interface FsWorkspaceOptions {
  /** Extra gitignore-style patterns from the user's settings, relative to the root. */
  readonly ignoreGlobs?: readonly string[];
  /** A ripgrep binary to list and search with; absent (or failing): the in-process walker and parallel reads. */
  readonly ripgrep?: string;
  /** Most files the index holds; past it, a listing of one folder walks that folder. */
  readonly maxIndexedFiles?: number;
  /**
   * Fewest files a search hands to the engine (rg, or the scan workers); fewer (a search narrowed
   * to a folder) are read by the tool itself, cheaper than starting a process or a worker.
   */
  readonly minEngineFiles?: number;
}

const DEFAULT_MIN_ENGINE_FILES = 500;

/** Enough for a large monorepo; the index of paths stays in the tens of megabytes. */
export const DEFAULT_MAX_INDEXED_FILES = 200_000;

export interface FsWorkspace extends Workspace {
  /** Which engine built the index (built on first use): rg, or the in-process walker when rg is absent or failed. */
  indexedBy(): Promise<'ripgrep' | 'in-process'>;
}

/**
 * The Workspace port over the local file system, honouring nested .gitignore files and
 * .squadignore. Its file list is an index built once, on first use, and shared by every caller
 * (the planner's summary, each agent's tools, test detection): one workspace is made per run, and
 * the run's own changes live in its overlay, never on disk. A listing past the index's cap
 * narrowed to a folder walks just that folder.
 */
export function createFsWorkspace(rootDir: string, options: FsWorkspaceOptions = {}): FsWorkspace {
  const root = path.resolve(rootDir);
  const rules = new IgnoreRules(root, options.ignoreGlobs ?? []);
  const maxIndexed = options.maxIndexedFiles ?? DEFAULT_MAX_INDEXED_FILES;
  const minEngineFiles = options.minEngineFiles ?? DEFAULT_MIN_ENGINE_FILES;
  const rg = options.ripgrep === undefined ? undefined : createRipgrepEngine(options.ripgrep, root, rules);
  let index: Promise<FileListing> | undefined;
  let builtBy: 'ripgrep' | 'in-process' = 'in-process';

  // Built without a caller's signal: one agent cancelling must not spoil the index for the others.
  const build = async (): Promise<FileListing> => {
    const listed = await rg?.listFiles({ limit: maxIndexed });
    builtBy = listed ? 'ripgrep' : 'in-process';
    return listed ?? walkFiles(root, rules, { limit: maxIndexed });
  };
  const indexed = (signal: AbortSignal | undefined): Promise<FileListing> => {
    if (!index) {
      index = build();
      index.catch(() => (index = undefined));
    }
    return abortable(index, signal);
  };

  const files = async ({ signal, limit, under }: ListFilesOptions = {}): Promise<FileListing> => {
    const dir = normalise(under ?? '');
    if (dir.split('/').includes('..')) return { paths: [], complete: true };
    const all = await indexed(signal);
    const max = limit ?? Number.POSITIVE_INFINITY;
    if (!all.complete && dir !== '') return walkFolder(dir, max, signal);
    const inDir = dir === '' ? all.paths : [...(isListed(all.paths, dir) ? [dir] : []), ...underFolder(all.paths, dir)];
    return { paths: inDir.length > max ? inDir.slice(0, max) : inDir, complete: all.complete && inDir.length <= max };
  };

  // Past the index's cap: the folder walked on its own (or the one file, when `dir` names a file).
  const walkFolder = async (dir: string, max: number, signal: AbortSignal | undefined): Promise<FileListing> => {
    const walked = await walkFiles(root, rules, { ...(signal ? { signal } : {}), limit: Math.min(max, maxIndexed), under: dir });
    if (walked.paths.length > 0) return walked;
    const st = await fs.lstat(path.join(root, dir)).catch(() => undefined);
    return { paths: st?.isFile() && !(await rules.ignores(dir, false)) ? [dir] : [], complete: true };
  };

  return {
    root,
    files,
    async indexedBy() {
      await indexed(undefined);
      return builtBy;
    },
    listFiles: async (opts) => [...(await files(opts)).paths],
    async findTextCandidates(query, signal) {
      if (query.paths.length < minEngineFiles) return undefined;
      return (await rg?.candidates(query, signal)) ?? scanCandidates(root, query, signal);
    },
    isIgnored: (relPath) => rules.ignores(normalise(relPath), false),
    async stat(relPath): Promise<FileStat | undefined> {
      const st = await fs.lstat(path.join(root, normalise(relPath))).catch(() => undefined);
      if (!st) return undefined;
      const type = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'other';
      return { type, size: st.size };
    },
    async realPath(relPath) {
      const [realRoot, real] = await Promise.all([
        fs.realpath(root),
        fs.realpath(path.join(root, normalise(relPath))).catch(() => undefined),
      ]);
      if (real === undefined) return undefined;
      const rel = path.relative(realRoot, real);
      if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
      return rel.split(path.sep).join('/');
    },
    readFile: (relPath) => fs.readFile(path.join(root, normalise(relPath))),
    async listDirectory(relDir) {
      const entries = await fs.readdir(path.join(root, normalise(relDir)), { withFileTypes: true }).catch(() => []);
      return entries.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name).sort();
    },
  };
}

function normalise(relPath: string): string {
  return relPath.split(/[\\/]+/).filter((p) => p !== '' && p !== '.').join('/');
}

/** The paths under `dir` in a sorted list, found by binary search. */
function underFolder(sorted: readonly string[], dir: string): readonly string[] {
  const prefix = `${dir}/`;
  const first = lowerBound(sorted, prefix);
  // '0' is the character after '/': every path starting with the prefix sorts before `${dir}0`.
  const end = lowerBound(sorted, `${dir}0`);
  return sorted.slice(first, end);
}

function isListed(sorted: readonly string[], path: string): boolean {
  return sorted[lowerBound(sorted, path)] === path;
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
