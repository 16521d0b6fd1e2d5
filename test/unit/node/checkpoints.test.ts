import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { isSquadError } from '../../../src/core/common/errors';
import { CHECKPOINT_REF_PREFIX, createCheckpointStore, type CheckpointInput } from '../../../src/node/checkpoints';

const CRLF = Buffer.from('one\r\ntwo\r\n');
const LATIN1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x0a]); // "café €\n" in windows-1252
const BOM = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('bom\n')]);
const DEEP = Buffer.from('export const deep = 1;\n');
const SCRIPT = Buffer.from('#!/bin/sh\necho hi\n');
const UNTOUCHED = Buffer.from('never part of a checkpoint\n');

interface Fixture {
  readonly top: string;
  /** The workspace folder (the repository itself, or a folder inside it). */
  readonly root: string;
  readonly store: string;
  dispose(): Promise<void>;
}

/** A workspace with the files above, optionally as `sub/` of a git repository with a commit, a staged change and a stash. */
async function fixture(options: { git: boolean; subfolder?: boolean }): Promise<Fixture> {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-ckpt-'));
  const top = path.join(base, 'repo');
  const root = options.subfolder ? path.join(top, 'sub') : top;
  const files: Record<string, Buffer> = { 'crlf.txt': CRLF, 'latin1.txt': LATIN1, 'bom.txt': BOM, 'src/a/b/deep.ts': DEEP, 'run.sh': SCRIPT, 'untouched.txt': UNTOUCHED };
  for (const [rel, bytes] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), bytes);
  }
  await fs.chmod(path.join(root, 'run.sh'), 0o755);
  if (options.git) {
    const git = simpleGit(top);
    await git.init();
    await git.addConfig('user.email', 'test@example.com').addConfig('user.name', 'Test').addConfig('commit.gpgsign', 'false');
    // autocrlf would rewrite CRLF on the way into git if the checkpoint used filters.
    await git.addConfig('core.autocrlf', 'true');
    await git.add('.');
    await git.commit('initial');
    await fs.writeFile(path.join(root, 'untouched.txt'), 'stashed change\n');
    await git.stash();
    await fs.writeFile(path.join(root, 'untouched.txt'), 'staged change\n');
    await git.add('.');
    await git.branch(['feature']);
  }
  return { top, root, store: path.join(base, 'storage', 'checkpoints'), dispose: () => fs.rm(base, { recursive: true, force: true }) };
}

function inputs(root: string): Promise<CheckpointInput[]> {
  const read = (rel: string) => fs.readFile(path.join(root, rel));
  return Promise.all([
    read('crlf.txt').then((before) => ({ path: 'crlf.txt', before, after: 'one\r\ntwo (api)\r\n' })),
    read('latin1.txt').then((before) => ({ path: 'latin1.txt', before, after: undefined })),
    read('bom.txt').then((before) => ({ path: 'bom.txt', before, unsaved: 'bom, edited\n', after: 'bom, edited and merged\n' })),
    read('src/a/b/deep.ts').then((before) => ({ path: 'src/a/b/deep.ts', before, after: 'export const deep = 2;\n' })),
    read('run.sh').then((before) => ({ path: 'run.sh', before, after: '#!/bin/sh\necho hello\n' })),
    Promise.resolve({ path: 'src/new.ts', before: undefined, after: 'export {};\n' }),
  ]);
}

/** What a checkpoint must not change: status, index, branches, stash, HEAD, and refs other than ours. */
async function userGitState(top: string) {
  const git = simpleGit(top);
  const refs = (await git.raw(['for-each-ref', '--format=%(refname) %(objectname)'])).split('\n').filter((l) => !l.startsWith(CHECKPOINT_REF_PREFIX));
  return {
    status: await git.raw(['--no-optional-locks', 'status', '--porcelain=v1', '--untracked-files=all']),
    index: createHash('sha256').update(await fs.readFile(path.join(top, '.git', 'index'))).digest('hex'),
    branches: await git.raw(['branch', '-a', '-v']),
    stash: await git.raw(['stash', 'list']),
    head: await git.raw(['rev-parse', 'HEAD']),
    refs,
  };
}

test('pre-images round-trip byte-exact (CRLF, windows-1252, BOM, nested, executable), with unsaved and after texts', async () => {
  const fx = await fixture({ git: true });
  try {
    const store = createCheckpointStore({ dir: fx.store, workspaceRoot: fx.root });
    const files = await inputs(fx.root);
    const created = await store.create('run-1', files);
    const loaded = await store.read(created.id);
    assert.ok(loaded);
    for (const f of files) assert.deepEqual(loaded.before(f.path), f.before === undefined ? undefined : new Uint8Array(f.before), f.path);
    assert.deepEqual(loaded.checkpoint, created);
    assert.equal(created.runId, 'run-1');
    const byPath = new Map(created.files.map((f) => [f.path, f]));
    assert.equal(byPath.get('bom.txt')?.unsaved, 'bom, edited\n');
    assert.equal(byPath.get('latin1.txt')?.after, null);
    assert.equal(byPath.get('src/new.ts')?.existed, false);
    assert.equal(byPath.get('run.sh')?.executable, true);
    assert.deepEqual(await store.list(), [created.id]);
  } finally {
    await fx.dispose();
  }
});

test('the git ref holds exactly the touched files that existed, unfiltered, in a parentless commit', async () => {
  const fx = await fixture({ git: true });
  try {
    const store = createCheckpointStore({ dir: fx.store, workspaceRoot: fx.root });
    const checkpoint = await store.create('run-1', await inputs(fx.root));
    assert.equal(checkpoint.gitRef, `${CHECKPOINT_REF_PREFIX}${checkpoint.id}`);
    const git = simpleGit(fx.top);
    const tree = (await git.raw(['ls-tree', '-r', '--full-tree', checkpoint.gitRef])).trim().split('\n').map((l) => {
      const [meta, name] = l.split('\t');
      return `${meta?.split(' ')[0]} ${name}`;
    });
    assert.deepEqual(tree.sort(), ['100644 bom.txt', '100644 crlf.txt', '100644 latin1.txt', '100644 src/a/b/deep.ts', '100755 run.sh']);
    for (const [rel, bytes] of [['crlf.txt', CRLF], ['latin1.txt', LATIN1], ['bom.txt', BOM], ['src/a/b/deep.ts', DEEP]] as const) {
      const blob = await git.binaryCatFile(['blob', `${checkpoint.gitRef}:${rel}`]);
      assert.deepEqual(new Uint8Array(blob), new Uint8Array(bytes), rel);
    }
    const parents = (await git.raw(['rev-list', '--parents', '-n', '1', checkpoint.gitRef])).trim().split(' ');
    assert.equal(parents.length, 1);
    assert.match(await git.raw(['log', '-1', '--format=%s', checkpoint.gitRef]), new RegExp(`^Squad checkpoint ${checkpoint.id}`));
  } finally {
    await fx.dispose();
  }
});

test('the user\'s index, branches, stash, HEAD and other refs are untouched; remove() deletes the ref and the copy', async () => {
  const fx = await fixture({ git: true });
  try {
    const before = await userGitState(fx.top);
    const store = createCheckpointStore({ dir: fx.store, workspaceRoot: fx.root });
    const checkpoint = await store.create('run-1', await inputs(fx.root));
    assert.deepEqual(await userGitState(fx.top), before);
    assert.equal(await fs.readFile(path.join(fx.root, 'untouched.txt'), 'utf8'), 'staged change\n');

    await store.remove(checkpoint.id);
    assert.equal(await store.read(checkpoint.id), undefined);
    assert.deepEqual(await store.list(), []);
    assert.equal((await simpleGit(fx.top).raw(['for-each-ref', CHECKPOINT_REF_PREFIX])).trim(), '');
    assert.deepEqual(await userGitState(fx.top), before);
  } finally {
    await fx.dispose();
  }
});

test('a workspace inside a repository gets tree paths relative to the repository\'s top', async () => {
  const fx = await fixture({ git: true, subfolder: true });
  try {
    const store = createCheckpointStore({ dir: fx.store, workspaceRoot: fx.root });
    const checkpoint = await store.create('run-1', [{ path: 'src/a/b/deep.ts', before: DEEP, after: 'x\n' }]);
    assert.ok(checkpoint.gitRef);
    assert.equal((await simpleGit(fx.top).raw(['ls-tree', '-r', '--name-only', '--full-tree', checkpoint.gitRef])).trim(), 'sub/src/a/b/deep.ts');
  } finally {
    await fx.dispose();
  }
});

test('a checkpoint of files that all get created has an empty tree', async () => {
  const fx = await fixture({ git: true });
  try {
    const store = createCheckpointStore({ dir: fx.store, workspaceRoot: fx.root });
    const checkpoint = await store.create('run-1', [{ path: 'fresh.txt', before: undefined, after: 'fresh\n' }]);
    assert.ok(checkpoint.gitRef);
    assert.equal((await simpleGit(fx.top).raw(['ls-tree', '-r', checkpoint.gitRef])).trim(), '');
    assert.equal((await store.read(checkpoint.id))?.before('fresh.txt'), undefined);
  } finally {
    await fx.dispose();
  }
});

test('a workspace that is not a repository keeps checkpoints without a ref', async () => {
  const fx = await fixture({ git: false });
  try {
    const store = createCheckpointStore({ dir: fx.store, workspaceRoot: fx.root });
    const files = await inputs(fx.root);
    const checkpoint = await store.create('run-1', files);
    assert.equal(checkpoint.gitRef, undefined);
    const loaded = await store.read(checkpoint.id);
    for (const f of files) assert.deepEqual(loaded?.before(f.path), f.before === undefined ? undefined : new Uint8Array(f.before), f.path);
    await assert.rejects(fs.stat(path.join(fx.root, '.git')));
  } finally {
    await fx.dispose();
  }
});

test('an altered copy, a bad path and an unknown id are reported, never guessed', async () => {
  const fx = await fixture({ git: false });
  try {
    const store = createCheckpointStore({ dir: fx.store, workspaceRoot: fx.root });
    assert.equal(await store.read('20250101-000000-000-00000000'), undefined);
    await assert.rejects(store.create('run-1', [{ path: '../outside.txt', before: undefined, after: 'x' }]), (err) => isSquadError(err, 'path/outside_workspace'));
    await assert.rejects(store.read('../x'), (err) => isSquadError(err, 'path/outside_workspace'));
    assert.deepEqual(await store.list(), [], 'a refused create leaves nothing behind');

    const checkpoint = await store.create('run-1', [{ path: 'crlf.txt', before: CRLF, after: 'x\n' }]);
    await fs.writeFile(path.join(fx.store, checkpoint.id, 'before', '0'), 'tampered');
    await assert.rejects(store.read(checkpoint.id), (err) => isSquadError(err, 'journal/corrupt') && /crlf\.txt/.test(err.message));
  } finally {
    await fx.dispose();
  }
});
