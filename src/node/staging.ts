/**
 * The Stager port: the workspace as it is now (the user's uncommitted work included) plus the
 * proposed files, in a scratch tree under the OS temp folder, with the installed dependencies
 * linked in. The user's repository is only read (stagingSource.ts): no worktree, branch, stash,
 * index or hook is ever touched, and the tree has no `.git`, so nothing run in it can reach the
 * user's git directory through it.
 *
 * A scratch base holds the tree (named after the repository or workspace folder), an empty home
 * folder for the sandboxed command and an owner file; a base whose owner process died (a killed
 * run) is removed by the next Squad process (scratchOwner.ts).
 * Ignored files (.env, local config) are not staged unless named in `include`.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SquadError, cancelledError } from '../core/common/errors';
import type { StagedFile, StagedTree, Stager } from '../core/testing/staging';
import { SCRATCH_PREFIX, removeStaleScratchTrees, writeOwner } from './scratchOwner';
import { dependencyNeeds, linkDependencies } from './stagingDeps';
import { digestSource } from './stagingDigest';
import { copyEntry, copyFiles, copyTree, writeProposals } from './stagingFiles';
import { listStageSource } from './stagingSource';

export { removeStaleScratchTrees } from './scratchOwner';

export interface StagerOptions {
  /** Parent folder of the scratch trees (default: the OS temp folder). Must be outside the workspace. */
  readonly tmpDir?: string;
  /** Workspace-relative paths of ignored files or folders the tests need (such as `.env.test`), copied into every tree. */
  readonly include?: readonly string[];
}

/** The sandboxed command's home inside the scratch base (a dot name, so no repository's folder name collides). */
const HOME_DIR = '.squad-home';
/** Where a run leaves files for Squad (coverage data), beside the tree and writable in the sandbox. */
const ARTEFACTS_DIR = '.squad-artefacts';

/** Scratch folders already swept for a dead run's leftovers by this process. */
const swept = new Set<string>();

export function createStager(workspaceRoot: string, options: StagerOptions = {}): Stager {
  const tmpDir = options.tmpDir ?? os.tmpdir();
  if (!swept.has(tmpDir)) {
    swept.add(tmpDir);
    // Fire and forget: a leftover that cannot be removed now is tried again by the next process.
    removeStaleScratchTrees(tmpDir).catch(() => undefined);
  }
  const include = options.include ?? [];
  return {
    async stage(files: readonly StagedFile[], signal?: AbortSignal): Promise<StagedTree> {
      if (signal?.aborted) throw cancelledError(signal);
      const source = await listStageSource(workspaceRoot, signal);
      const base = await fs.mkdtemp(path.join(tmpDir, SCRATCH_PREFIX));
      const tree = new ScratchTree(base);
      try {
        await writeOwner(base);
        const home = path.join(base, HOME_DIR);
        const artefacts = path.join(base, ARTEFACTS_DIR);
        await fs.mkdir(home);
        await fs.mkdir(artefacts);
        const folderName = path.basename(source.top);
        const treeRoot = path.join(base, folderName === '' || folderName.startsWith('.squad-') ? 'workspace' : folderName);
        await fs.mkdir(treeRoot);
        if (source.files) await copyFiles(source.top, treeRoot, source.files, signal);
        else await copyTree(source.top, treeRoot, signal);
        const dir = path.join(treeRoot, source.prefix);
        await fs.mkdir(dir, { recursive: true });
        for (const rel of include) {
          const src = path.resolve(source.root, rel);
          const inside = path.relative(source.root, src);
          if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) continue;
          if (await fs.lstat(src).catch(() => undefined)) await copyEntry(src, path.join(dir, inside), signal);
        }
        const linked = await linkDependencies(source.top, treeRoot, signal);
        tree.links.push(...linked.created);
        const needs = await dependencyNeeds({ roots: [source.top, source.root], sources: linked.sources, env: process.env, home: os.homedir() });
        await writeProposals(treeRoot, dir, files, signal);
        if (signal?.aborted) throw cancelledError(signal);
        const hidden = [...new Set([source.root, source.repoTop ?? source.root])];
        return {
          dir,
          sandbox: { writable: [base], hidden, readable: [...new Set([...linked.sources, ...needs])], home },
          artefacts,
          writeArtefact: (relPath, text) => writeArtefact(artefacts, relPath, text),
          readArtefacts: (maxBytes) => readArtefacts(artefacts, maxBytes),
          readFile: (relPath, maxBytes) => readTreeFile(dir, relPath, maxBytes),
          dispose: () => tree.dispose(),
        };
      } catch (err) {
        await tree.dispose();
        throw signal?.aborted ? cancelledError(signal) : err;
      }
    },
    async digest(signal?: AbortSignal): Promise<string> {
      if (signal?.aborted) throw cancelledError(signal);
      return digestSource(await listStageSource(workspaceRoot, signal), include, signal);
    },
  };
}

/** A file of the tree as text (a reporter's output); undefined when it is missing, over `maxBytes` or a link out of the tree. */
async function readTreeFile(dir: string, relPath: string, maxBytes = Number.POSITIVE_INFINITY): Promise<string | undefined> {
  const abs = path.resolve(dir, relPath);
  const rel = path.relative(dir, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new SquadError('path/outside_workspace', `"${relPath}" is not inside the scratch tree.`);
  }
  try {
    // The command wrote this tree: a link from it to a file of the user's (~/.ssh/id_rsa) must not be
    // read with Squad's rights, the sandbox's whole point being that the command cannot read it.
    const real = path.relative(await fs.realpath(dir), await fs.realpath(abs));
    if (real === '' || real.startsWith('..') || path.isAbsolute(real)) return undefined;
    if ((await fs.stat(abs)).size > maxBytes) return undefined;
    return await fs.readFile(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** A file Squad puts into the artefacts folder before a run (what makes the run leave coverage there). */
async function writeArtefact(dir: string, relPath: string, text: string): Promise<void> {
  const abs = path.resolve(dir, relPath);
  const rel = path.relative(dir, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new SquadError('path/outside_workspace', `"${relPath}" is not inside the artefacts folder.`);
  }
  await fs.mkdir(path.dirname(abs), { recursive: true });
  await fs.writeFile(abs, text);
}

/**
 * The regular files a run left in the artefacts folder, by name, as text, until `maxBytes` in all.
 * Links are skipped: the command wrote this folder, and a link could lead to a file of the user's.
 */
async function readArtefacts(dir: string, maxBytes: number): Promise<{ name: string; text: string }[]> {
  const out: { name: string; text: string }[] = [];
  let total = 0;
  const names = (await fs.readdir(dir).catch(() => [] as string[])).sort();
  for (const name of names) {
    const file = path.join(dir, name);
    const st = await fs.lstat(file).catch(() => undefined);
    if (!st?.isFile() || total + st.size > maxBytes) continue;
    const text = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    total += st.size;
    out.push({ name, text });
  }
  return out;
}

class ScratchTree {
  /** Dependency links made in the tree, removed first so nothing ever deletes through them. */
  readonly links: string[] = [];
  private disposed: Promise<void> | undefined;

  constructor(private readonly base: string) {}

  dispose(): Promise<void> {
    this.disposed ??= this.remove();
    return this.disposed;
  }

  private async remove(): Promise<void> {
    for (const link of this.links) await fs.rm(link, { recursive: true, force: true }).catch(() => undefined);
    await fs.rm(this.base, { recursive: true, force: true, maxRetries: 3 });
  }
}
