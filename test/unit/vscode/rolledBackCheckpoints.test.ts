/**
 * The extension keeps a rolled-back apply's checkpoint while its window could undo the roll-back,
 * and removes it at the next start: real checkpoints in a real git repository, the events the run
 * journals, and a workspace state that outlives the "window".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import type { RunEvent } from '../../../src/core/run/events';
import { CHECKPOINT_REF_PREFIX, createCheckpointStore } from '../../../src/node/checkpoints';
import { noteRollBacks, removeRolledBack, type StateStore } from '../../../src/vscode/diff/rolledBackCheckpoints';

function memento(): StateStore {
  const values = new Map<string, unknown>();
  return {
    get: <T>(key: string, defaultValue: T) => (values.has(key) ? (values.get(key) as T) : defaultValue),
    update: async (key, value) => {
      values.set(key, value);
    },
  };
}

const applied = (checkpointId: string): RunEvent => ({ type: 'changes.applied', checkpointId, files: ['a.txt'], hunks: [] }) as unknown as RunEvent;
const rolledBack = (checkpointId: string): RunEvent => ({ type: 'changes.rolledBack', checkpointId, files: ['a.txt'] }) as RunEvent;

test('a rolled-back checkpoint stays for an Undo in this window and is gone, ref and all, at the next start', async () => {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-rolledback-'));
  try {
    const root = path.join(base, 'repo');
    await fs.mkdir(root);
    await fs.writeFile(path.join(root, 'a.txt'), 'one\n');
    const git = simpleGit(root);
    await git.init();
    await git.addConfig('user.email', 'test@example.com').addConfig('user.name', 'Test').addConfig('commit.gpgsign', 'false');
    await git.add('.').then(() => git.commit('initial'));
    const store = createCheckpointStore({ dir: path.join(base, 'storage'), workspaceRoot: root, keep: 20, warn: () => {} });
    const input = [{ path: 'a.txt', before: Buffer.from('one\n'), after: 'two\n' }];
    const kept = await store.create('run-1', input);
    const undone = await store.create('run-1', input);
    const state = memento();

    // This window: a roll-back, then one that a Redo took back.
    for (const event of [applied(kept.id), applied(undone.id), rolledBack(kept.id), rolledBack(undone.id), applied(undone.id)]) await noteRollBacks(state, event);
    assert.ok(await store.read(kept.id), 'kept while this window could undo the roll-back');

    // The next start.
    assert.deepEqual(await removeRolledBack(state, () => store), []);
    assert.equal(await store.read(kept.id), undefined, 'the rolled-back checkpoint is removed');
    assert.ok(await store.read(undone.id), 'the apply a Redo brought back keeps its checkpoint');
    const refs = await simpleGit({ unsafe: { allowUnsafeConfigPaths: true } }).raw([`--git-dir=${store.gitDir}`, 'for-each-ref', '--format=%(refname)', CHECKPOINT_REF_PREFIX]);
    assert.ok(!refs.includes(kept.id), 'its private ref is gone');
    assert.ok(refs.includes(undone.id));

    // Nothing left to do at the start after that.
    let asked = false;
    assert.deepEqual(await removeRolledBack(state, () => ((asked = true), store)), []);
    assert.equal(asked, false, 'no store is opened when nothing waits');
  } finally {
    await fs.rm(base, { recursive: true, force: true });
  }
});
