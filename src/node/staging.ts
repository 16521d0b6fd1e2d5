/**
 * The Stager port: the workspace as it is now (the user's uncommitted work included) plus the
 * proposed files, in a scratch tree under the OS temp folder, with the installed dependencies
 * linked in. The user's repository is only read: a git worktree registration is the one trace
 * left while a tree exists, and dispose() removes it (no branch, stash or index change ever).
 *
 * - git repository with a commit: `git worktree add --detach <tmp> HEAD`, then every modified,
 *   deleted and untracked-not-ignored file copied over from the working folder;
 * - otherwise: a copy of the workspace without .git, dependencies, build output and ignored files.
 * Ignored files (.env, local config) are not staged unless named in `include`.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type SimpleGit, simpleGit } from 'simple-git';
import { SquadError, cancelledError } from '../core/common/errors';
import type { StagedFile, StagedTree, Stager } from '../core/testing/staging';
import { linkDependencies } from './stagingDeps';
import { copyEntry, copyTree, writeProposals } from './stagingFiles';

export interface StagerOptions {
  /** Parent folder of the scratch trees (default: the OS temp folder). Must be outside the workspace. */
  readonly tmpDir?: string;
  /** Workspace-relative paths of ignored files or folders the tests need (such as `.env.test`), copied into every tree. */
  readonly include?: readonly string[];
}

interface GitRepo {
  /** The repository's top folder (real path). */
  readonly top: string;
  /** The workspace's folder relative to `top` ('' when the workspace is the repository). */
  readonly prefix: string;
}

export function createStager(workspaceRoot: string, options: StagerOptions = {}): Stager {
  return {
    async stage(files: readonly StagedFile[], signal?: AbortSignal): Promise<StagedTree> {
      if (signal?.aborted) throw cancelledError(signal);
      const root = await fs.realpath(workspaceRoot);
      const base = await fs.mkdtemp(path.join(options.tmpDir ?? os.tmpdir(), 'squad-stage-'));
      const tree = new ScratchTree(base);
      try {
        const repo = await findRepo(root, signal);
        const name = path.basename(repo?.top ?? root) || 'workspace';
        const treeRoot = path.join(base, name);
        if (repo) await tree.checkout(repo.top, treeRoot, signal);
        else await copyTree(root, treeRoot, signal);
        const dir = path.join(treeRoot, repo?.prefix ?? '');
        for (const rel of options.include ?? []) {
          const src = path.resolve(root, rel);
          const inside = path.relative(root, src);
          if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) continue;
          if (await fs.lstat(src).catch(() => undefined)) await copyEntry(src, path.join(dir, inside), signal);
        }
        tree.links.push(...(await linkDependencies(repo?.top ?? root, treeRoot, signal)));
        await writeProposals(treeRoot, dir, files, signal);
        if (signal?.aborted) throw cancelledError(signal);
        return { dir, readFile: (relPath, maxBytes) => readTreeFile(dir, relPath, maxBytes), dispose: () => tree.dispose() };
      } catch (err) {
        await tree.dispose();
        throw signal?.aborted ? cancelledError(signal) : err;
      }
    },
  };
}

/** A file of the tree as text (a reporter's output); undefined when it is missing or over `maxBytes`. */
async function readTreeFile(dir: string, relPath: string, maxBytes = Number.POSITIVE_INFINITY): Promise<string | undefined> {
  const abs = path.resolve(dir, relPath);
  const rel = path.relative(dir, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new SquadError('path/outside_workspace', `"${relPath}" is not inside the scratch tree.`);
  }
  try {
    if ((await fs.stat(abs)).size > maxBytes) return undefined;
    return await fs.readFile(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** The workspace's repository, when it has one with at least one commit that contains the workspace folder. */
async function findRepo(root: string, signal?: AbortSignal): Promise<GitRepo | undefined> {
  const git = simpleGit({ baseDir: root, ...(signal ? { abort: signal } : {}) });
  if (!(await git.checkIsRepo().catch(() => false))) return undefined;
  const top = await fs.realpath((await git.revparse(['--show-toplevel'])).trim());
  const prefix = path.relative(top, root);
  // No commit yet, or a workspace the repository does not track (an ignored folder in a dotfiles repo): copy instead.
  const treeish = prefix === '' ? 'HEAD^{commit}' : `HEAD:${prefix.split(path.sep).join('/')}`;
  // simple-git treats a failure with an empty stderr (--quiet) as success: look at the output.
  const ok = await git.raw(['rev-parse', '--verify', '--quiet', treeish]).then((out) => /^[0-9a-f]{40,64}\s*$/.test(out), () => false);
  if (signal?.aborted) throw cancelledError(signal);
  return ok ? { top, prefix } : undefined;
}

class ScratchTree {
  /** Dependency links made in the tree, removed first so nothing ever deletes through them. */
  readonly links: string[] = [];
  private worktree: { top: string; dir: string } | undefined;
  private disposed: Promise<void> | undefined;

  constructor(private readonly base: string) {}

  /** A detached worktree of HEAD, then the working folder's changes on top. */
  async checkout(top: string, dir: string, signal?: AbortSignal): Promise<void> {
    // Hooks point at an empty folder: the user's post-checkout hooks have no business here.
    const noHooks = path.join(this.base, 'no-hooks');
    await fs.mkdir(noHooks);
    const git = gitAt(top, signal, [`core.hooksPath=${noHooks}`]);
    this.worktree = { top, dir };
    await git.raw(['worktree', 'add', '--detach', dir, 'HEAD']);
    await copyWorkingChanges(gitAt(top, signal), top, dir, signal);
  }

  dispose(): Promise<void> {
    this.disposed ??= this.remove();
    return this.disposed;
  }

  private async remove(): Promise<void> {
    for (const link of this.links) await fs.rm(link, { recursive: true, force: true }).catch(() => undefined);
    if (this.worktree) {
      const git = gitAt(this.worktree.top);
      await git.raw(['worktree', 'remove', '--force', this.worktree.dir]).catch(() => undefined);
      await fs.rm(this.base, { recursive: true, force: true, maxRetries: 3 });
      await git.raw(['worktree', 'prune']).catch(() => undefined);
    } else {
      await fs.rm(this.base, { recursive: true, force: true, maxRetries: 3 });
    }
  }
}

function gitAt(dir: string, signal?: AbortSignal, config: string[] = []): SimpleGit {
  return simpleGit({
    baseDir: dir,
    config,
    // core.hooksPath is only ever set to an empty folder of ours, which turns hooks off.
    unsafe: { allowUnsafeHooksPath: true },
    ...(signal ? { abort: signal } : {}),
  });
}

/**
 * Copies what `git status` reports as changed in the working folder: modified, deleted, renamed
 * and untracked-not-ignored files, plus submodule folders (a worktree leaves them empty).
 * `--no-optional-locks` keeps status from refreshing the user's index file.
 */
async function copyWorkingChanges(git: SimpleGit, top: string, dir: string, signal?: AbortSignal): Promise<void> {
  const status = await git.raw(['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignore-submodules=all']);
  const paths = new Set<string>();
  const fields = status.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const entry = fields[i] as string;
    if (entry.length < 4) continue;
    paths.add(entry.slice(3));
    // Renames and copies carry their source path in the next field.
    if (entry[0] === 'R' || entry[0] === 'C') paths.add(fields[++i] as string);
  }
  if (await fs.lstat(path.join(top, '.gitmodules')).catch(() => undefined)) {
    for (const line of (await git.raw(['ls-files', '--stage', '-z'])).split('\0')) {
      if (line.startsWith('160000 ')) paths.add(line.slice(line.indexOf('\t') + 1));
    }
  }
  for (const rel of paths) {
    if (signal?.aborted) throw cancelledError(signal);
    const clean = rel.replace(/\/$/, '');
    const segments = clean.split('/');
    if (clean === '' || segments.includes('..')) continue;
    const src = path.join(top, ...segments);
    const dst = path.join(dir, ...segments);
    if (await fs.lstat(src).catch(() => undefined)) await copyEntry(src, dst, signal);
    else await fs.rm(dst, { recursive: true, force: true });
  }
}
