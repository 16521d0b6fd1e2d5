/** A real git repository in a test workspace, and a snapshot of everything a run must not change. */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';

/** `git init` + one commit of everything in `root`, with a local identity and no signing. */
export async function initRepo(root: string): Promise<void> {
  const git = simpleGit(root);
  await git.init();
  await git.addConfig('user.email', 'test@example.com').addConfig('user.name', 'Test').addConfig('commit.gpgsign', 'false');
  await git.add('.');
  await git.commit('initial');
}

export interface GitSnapshot {
  readonly status: string;
  readonly worktrees: string;
  readonly branches: string;
  readonly stashes: string;
  readonly head: string;
  readonly refs: string;
  readonly index: string;
}

/** Status (with ignored files), worktrees, branches, stashes, refs and the index file's hash. */
export async function gitSnapshot(root: string): Promise<GitSnapshot> {
  const git = simpleGit(root);
  return {
    status: await git.raw(['--no-optional-locks', 'status', '--porcelain=v1', '--untracked-files=all', '--ignored']),
    worktrees: await git.raw(['worktree', 'list', '--porcelain']),
    branches: await git.raw(['branch', '-a', '-v']),
    stashes: await git.raw(['stash', 'list']),
    head: await git.raw(['rev-parse', 'HEAD']),
    refs: await git.raw(['for-each-ref']),
    index: createHash('sha256').update(await fs.readFile(path.join(root, '.git', 'index'))).digest('hex'),
  };
}
