import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FileListing } from '../core/ports';
import { cancelledError } from '../core/common/errors';
import { ALWAYS_SKIPPED, type IgnoreRules, type RuleSet } from './ignoreRules';

/** Folders read at once: enough to keep libuv's file system threads busy. */
const WALK_CONCURRENCY = 32;

export interface WalkOptions {
  readonly signal?: AbortSignal;
  /** Stop after this many files (the listing is then incomplete). */
  readonly limit?: number;
  /** Walk only this folder (its ancestors' rules still apply). */
  readonly under?: string;
}

/** A folder's .gitignore, with the folder it is relative to. */
interface ScopedRules {
  readonly base: string;
  readonly set: RuleSet;
}

interface PendingDir {
  readonly dir: string;
  /** The .gitignore files of the folder's ancestors, top first. */
  readonly chain: readonly ScopedRules[];
}

/**
 * The in-process listing: regular files that no rule ignores (symlinks, FIFOs and devices are left
 * out, as `rg --files` leaves them out), sorted. Folders are read in parallel; each entry is
 * tested once against the root rules and the .gitignore files above it, its parents having
 * passed already, so the cost of a test grows with the .gitignore files on its path, not its depth.
 */
export async function walkFiles(root: string, rules: IgnoreRules, options: WalkOptions = {}): Promise<FileListing> {
  const { signal } = options;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const start = await startFolder(rules, options.under ?? '');
  if (start === undefined) return { paths: [], complete: true };
  const rootRules = await rules.rootRules;
  const files: string[] = [];
  const queue: PendingDir[] = [start];
  let complete = true;
  let active = 0;

  // Each test costs microseconds, times every entry: sets that cannot match the entry are passed over.
  const applies = (set: RuleSet, isDir: boolean) => !set.empty && (isDir || !set.foldersOnly);
  const ignored = (rel: string, isDir: boolean, chain: readonly ScopedRules[]): boolean => {
    if (applies(rootRules, isDir) && rootRules.ignoresEntry(rel, isDir)) return true;
    return chain.some(({ base, set }) => applies(set, isDir) && set.ignoresEntry(base === '' ? rel : rel.slice(base.length + 1), isDir));
  };

  const visit = async ({ dir, chain }: PendingDir): Promise<void> => {
    const entries = await fs.readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
    const own = await rules.folderRules(dir, entries.some((e) => e.name === '.gitignore') ? undefined : false);
    const scoped = own ? [...chain, { base: dir, set: own }] : chain;
    for (const entry of entries) {
      if (ALWAYS_SKIPPED.has(entry.name)) continue;
      const isDir = entry.isDirectory();
      if (!isDir && !entry.isFile()) continue;
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (ignored(rel, isDir, scoped)) continue;
      if (isDir) queue.push({ dir: rel, chain: scoped });
      else if (files.length < limit) files.push(rel);
      else complete = false;
    }
  };

  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const pump = () => {
      if (failed) return;
      if (signal?.aborted) {
        failed = true;
        return reject(cancelledError(signal));
      }
      // Past the cap, the walk goes on only until it sees one file more, to tell a cap from the end.
      if (!complete) queue.length = 0;
      while (active < WALK_CONCURRENCY && queue.length > 0) {
        const next = queue.pop() as PendingDir;
        active++;
        visit(next).then(
          () => {
            active--;
            pump();
          },
          (err: unknown) => {
            failed = true;
            reject(err instanceof Error ? err : new Error(String(err)));
          },
        );
      }
      if (active === 0 && queue.length === 0) resolve();
    };
    pump();
  });
  return { paths: files.sort(), complete };
}

/** The walk's first folder with the .gitignore files of its ancestors; undefined when it is ignored. */
async function startFolder(rules: IgnoreRules, under: string): Promise<PendingDir | undefined> {
  const dir = under.split('/').filter((p) => p !== '' && p !== '.').join('/');
  if (dir !== '' && (await rules.ignores(dir, true))) return undefined;
  const chain: ScopedRules[] = [];
  const parts = dir === '' ? [] : dir.split('/');
  // The folder's own .gitignore is read when it is visited; its ancestors' are read here.
  for (let depth = 0; depth < parts.length; depth++) {
    const base = parts.slice(0, depth).join('/');
    const own = await rules.folderRules(base);
    if (own) chain.push({ base, set: own });
  }
  return { dir, chain };
}
