/**
 * Squad's own git commands run no code of the repository's and cannot be sent to another one:
 * a repository whose config names an fsmonitor program and whose hooks would leave a mark, and an
 * ambient GIT_DIR pointing at a second repository, while Squad lists what to stage, checkpoints,
 * migrates old refs out of the user's repository and removes a checkpoint.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { listStageSource } from '../../../src/node/stagingSource';
import { CHECKPOINT_REF_PREFIX, createCheckpointStore } from '../../../src/node/checkpoints';

async function repo(dir: string, files: Record<string, string>): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  for (const [rel, text] of Object.entries(files)) await fs.writeFile(path.join(dir, rel), text);
  const git = simpleGit(dir);
  await git.init();
  await git.addConfig('user.email', 'test@example.com').addConfig('user.name', 'Test').addConfig('commit.gpgsign', 'false');
  await git.add('.').then(() => git.commit('initial'));
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(() => true, () => false);
}

test('no repository program runs and no ambient GIT_* variable redirects Squad\'s git', async () => {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-git-hostile-'));
  const marks = path.join(base, 'marks');
  await fs.mkdir(marks);
  const saved = { GIT_DIR: process.env.GIT_DIR, GIT_WORK_TREE: process.env.GIT_WORK_TREE };
  try {
    const root = path.join(base, 'workspace');
    await repo(root, { 'app.js': 'one\n' });
    await fs.writeFile(path.join(root, 'untracked.js'), 'new\n');
    // An old checkpoint ref left in the user's repository, which the store migrates away (update-ref there).
    const userGit = simpleGit(root);
    const tree = (await userGit.raw(['write-tree'])).trim();
    const legacy = (await userGit.raw(['commit-tree', '-m', 'Squad checkpoint old-1', tree])).trim();
    await userGit.raw(['update-ref', `${CHECKPOINT_REF_PREFIX}old-1`, legacy]);
    // Then the repository turns hostile: an fsmonitor program and hooks that leave marks.
    const mark = (name: string) => `#!/bin/sh\ntouch "${path.join(marks, name)}"\n`;
    await fs.writeFile(path.join(base, 'monitor.sh'), mark('fsmonitor'), { mode: 0o755 });
    await simpleGit({ baseDir: root, unsafe: { allowUnsafeFsMonitor: true } }).addConfig('core.fsmonitor', path.join(base, 'monitor.sh'));
    for (const hook of ['reference-transaction', 'post-checkout', 'post-commit', 'pre-commit']) {
      await fs.writeFile(path.join(root, '.git', 'hooks', hook), mark(hook), { mode: 0o755 });
    }
    // A second repository the ambient environment points at.
    const other = path.join(base, 'other');
    await repo(other, { 'elsewhere.js': 'not the workspace\n' });
    process.env.GIT_DIR = path.join(other, '.git');
    process.env.GIT_WORK_TREE = other;

    const source = await listStageSource(root);
    assert.deepEqual([...(source.files ?? [])].sort(), ['app.js', 'untracked.js'], 'the workspace\'s own files, tracked and untracked');

    const store = createCheckpointStore({ dir: path.join(base, 'storage'), workspaceRoot: root, keep: 5, warn: (m) => assert.fail(m) });
    const checkpoint = await store.create('run-1', [{ path: 'app.js', before: Buffer.from('one\n'), after: 'two\n' }]);
    assert.ok(checkpoint.gitRef, 'the git copy was made');
    await store.remove(checkpoint.id);

    assert.equal((await userGit.raw(['for-each-ref', CHECKPOINT_REF_PREFIX])).trim(), '', 'the old ref left the user\'s repository');
    assert.deepEqual(await fs.readdir(marks), [], 'no hook or fsmonitor program ran');
    assert.equal((await simpleGit(other).env({}).raw(['for-each-ref', 'refs/squad/'])).trim(), '', 'nothing went to the other repository');
    assert.equal(await exists(path.join(other, '.git', 'objects', 'info', 'alternates')), false);
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await fs.rm(base, { recursive: true, force: true });
  }
});
