import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { isSquadError } from '../../../src/core/common/errors';
import { decodeText } from '../../../src/core/tools/text';
import { applyFiles, type FileWrite } from '../../../src/node/applyFiles';
import { CHECKPOINT_REF_PREFIX, createCheckpointStore, type CheckpointInput, type CheckpointStore } from '../../../src/node/checkpoints';

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
async function fixture(options: { git: boolean; subfolder?: boolean; objectFormat?: 'sha1' | 'sha256' }): Promise<Fixture> {
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
    await git.init(options.objectFormat ? [`--object-format=${options.objectFormat}`] : []);
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

/** git in the store's private repository. */
function privateGit(store: CheckpointStore) {
  const git = simpleGit({ unsafe: { allowUnsafeConfigPaths: true } });
  return (...args: string[]) => git.raw([`--git-dir=${store.gitDir}`, ...args]);
}

/** Objects written into the private repository itself (loose; it never packs). */
async function privateObjects(store: CheckpointStore): Promise<string[]> {
  const dir = path.join(store.gitDir, 'objects');
  const out: string[] = [];
  for (const fan of await fs.readdir(dir)) {
    if (/^[0-9a-f]{2}$/.test(fan)) for (const rest of await fs.readdir(path.join(dir, fan))) out.push(fan + rest);
  }
  return out.sort();
}

/** Every file under the user's .git: bytes and mtime (a "freshened" object would show), and every folder. */
async function dotGitSnapshot(top: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await fs.readdir(path.join(top, '.git', rel))).sort()) {
      const child = path.join(rel, name);
      const st = await fs.lstat(path.join(top, '.git', child));
      if (st.isDirectory()) {
        out[child] = 'dir';
        await walk(child);
      } else {
        out[child] = `${createHash('sha256').update(await fs.readFile(path.join(top, '.git', child))).digest('hex')} ${st.mtimeMs}`;
      }
    }
  };
  await walk('');
  return out;
}

/** What a checkpoint must not change: status, index, branches, stash, HEAD, and every ref. */
async function userGitState(top: string) {
  const git = simpleGit(top);
  const refs = (await git.raw(['for-each-ref', '--format=%(refname) %(objectname)'])).split('\n');
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

test('the git ref, in the private repository, holds exactly the touched files that existed, unfiltered, in a parentless commit', async () => {
  const fx = await fixture({ git: true });
  try {
    const store = createCheckpointStore({ dir: fx.store, workspaceRoot: fx.root });
    const checkpoint = await store.create('run-1', await inputs(fx.root));
    assert.equal(checkpoint.gitRef, `${CHECKPOINT_REF_PREFIX}${checkpoint.id}`);
    const git = privateGit(store);
    const tree = (await git('ls-tree', '-r', '--full-tree', checkpoint.gitRef)).trim().split('\n').map((l) => {
      const [meta, name] = l.split('\t');
      return `${meta?.split(' ')[0]} ${name}`;
    });
    assert.deepEqual(tree.sort(), ['100644 bom.txt', '100644 crlf.txt', '100644 latin1.txt', '100644 src/a/b/deep.ts', '100755 run.sh']);
    for (const [rel, bytes] of [['crlf.txt', CRLF], ['latin1.txt', LATIN1], ['bom.txt', BOM], ['src/a/b/deep.ts', DEEP]] as const) {
      const blob: Buffer = execFileSync('git', [`--git-dir=${store.gitDir}`, 'cat-file', 'blob', `${checkpoint.gitRef}:${rel}`]);
      assert.deepEqual(new Uint8Array(blob), new Uint8Array(bytes), rel);
    }
    const parents = (await git('rev-list', '--parents', '-n', '1', checkpoint.gitRef)).trim().split(' ');
    assert.equal(parents.length, 1);
    assert.match(await git('log', '-1', '--format=%s', checkpoint.gitRef), new RegExp(`^Squad checkpoint ${checkpoint.id}`));
    assert.equal((await simpleGit(fx.top).raw(['for-each-ref', 'refs/squad/'])).trim(), '', 'no ref in the user\'s repository');
  } finally {
    await fx.dispose();
  }
});

test('the private repository borrows the user\'s objects: only pre-images git lacks are written, into it alone', async () => {
  const fx = await fixture({ git: true });
  try {
    const store = createCheckpointStore({ dir: fx.store, workspaceRoot: fx.root });
    // Every pre-image below is committed, and the user's tree src/a/b holds exactly deep.ts: all borrowed.
    const committed = await store.create('run-1', (await inputs(fx.root)).filter((f) => f.path !== 'src/new.ts'));
    const objects = path.join(await fs.realpath(fx.top), '.git', 'objects');
    assert.equal(await fs.readFile(path.join(store.gitDir, 'objects', 'info', 'alternates'), 'utf8'), `${objects}\n`);
    const git = privateGit(store);
    const id = (rev: string) => git('rev-parse', rev).then((out) => out.trim());
    // Written: the commit, the root tree (the user's also holds untouched.txt) and crlf.txt, whose
    // CRLF bytes git never stored (autocrlf committed it with LF). The src/ trees and every other
    // blob are the user's own objects, borrowed.
    assert.deepEqual(await privateObjects(store), [await id(committed.gitRef!), await id(`${committed.gitRef}^{tree}`), await id(`${committed.gitRef}:crlf.txt`)].sort());
    assert.equal(await id(`${committed.gitRef}:src`), (await simpleGit(fx.top).raw(['rev-parse', 'HEAD:src'])).trim());

    const uncommitted = Buffer.from('never committed\n');
    const second = await store.create('run-1', [{ path: 'untouched.txt', before: uncommitted, after: 'x\n' }]);
    const blob = (await git('rev-parse', `${second.gitRef}:untouched.txt`)).trim();
    assert.ok((await privateObjects(store)).includes(blob), 'a pre-image the user\'s repository lacks is stored privately');
    assert.throws(() => execFileSync('git', ['-C', fx.top, 'cat-file', '-e', blob], { stdio: 'ignore' }), 'and never in the user\'s repository');
  } finally {
    await fx.dispose();
  }
});

test('nothing in the user\'s .git changes across create, apply, roll back and remove (bytes and mtimes)', async () => {
  const fx = await fixture({ git: true });
  try {
    const stateBefore = await userGitState(fx.top);
    const dotGitBefore = await dotGitSnapshot(fx.top);
    const store = createCheckpointStore({ dir: fx.store, workspaceRoot: fx.root });
    const files = await inputs(fx.root);
    const checkpoint = await store.create('run-1', files);
    const textOf = (bytes: Uint8Array | undefined): string | undefined => {
      const decoded = bytes === undefined ? undefined : decodeText(bytes);
      return decoded === undefined || decoded.binary ? undefined : decoded.text;
    };
    const onDisk = (rel: string) => fs.readFile(path.join(fx.root, rel)).then(textOf, () => undefined);
    const forward: FileWrite[] = [];
    for (const f of files) {
      const now = await onDisk(f.path);
      forward.push({ path: f.path, action: now === undefined ? 'created' : f.after === undefined ? 'deleted' : 'modified', original: now, current: now, content: f.after, merged: false });
    }
    await applyFiles(fx.root, forward);

    // The roll-back: every file back to its checkpointed bytes.
    const loaded = await store.read(checkpoint.id);
    assert.ok(loaded);
    const backward: FileWrite[] = [];
    for (const f of loaded.checkpoint.files) {
      const before = loaded.before(f.path);
      const now = await onDisk(f.path);
      backward.push({ path: f.path, action: 'modified', original: now, current: now, content: textOf(before), ...(before ? { bytes: before } : {}), merged: false });
    }
    await applyFiles(fx.root, backward);
    for (const f of files) assert.deepEqual(await fs.readFile(path.join(fx.root, f.path)).catch(() => undefined), f.before, `${f.path} rolled back`);
    await store.remove(checkpoint.id);

    assert.equal(await store.read(checkpoint.id), undefined);
    assert.deepEqual(await store.list(), []);
    assert.equal((await privateGit(store)('for-each-ref', CHECKPOINT_REF_PREFIX)).trim(), '', 'remove() deletes the private ref too');
    assert.deepEqual(await dotGitSnapshot(fx.top), dotGitBefore, 'the user\'s .git is byte-for-byte (and mtime-for-mtime) as before');
    assert.deepEqual(await userGitState(fx.top), stateBefore);
  } finally {
    await fx.dispose();
  }
});

test('only the newest `keep` checkpoints stay, with their refs; the objects of the others are pruned', async () => {
  const fx = await fixture({ git: true });
  try {
    const store = createCheckpointStore({ dir: fx.store, workspaceRoot: fx.root, keep: 3, pruneGraceMs: 0 });
    const made: { id: string; blob: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const c = await store.create(`run-${i}`, [{ path: 'crlf.txt', before: Buffer.from(`version ${i}\n`), after: 'x\n' }]);
      made.push({ id: c.id, blob: (await privateGit(store)('rev-parse', `${c.gitRef}:crlf.txt`)).trim() });
    }
    const kept = made.slice(2).map((m) => m.id);
    assert.deepEqual(await store.list(), kept);
    const refs = (await privateGit(store)('for-each-ref', '--format=%(refname)', CHECKPOINT_REF_PREFIX)).trim().split('\n');
    assert.deepEqual(refs, kept.map((id) => `${CHECKPOINT_REF_PREFIX}${id}`));
    const objects = await privateObjects(store);
    for (const [i, m] of made.entries()) assert.equal(objects.includes(m.blob), i >= 2, `version ${i}'s blob ${i >= 2 ? 'kept' : 'pruned'}`);
    assert.throws(() => createCheckpointStore({ dir: fx.store, workspaceRoot: fx.root, keep: 0 }), (err) => isSquadError(err, 'config/invalid'));
  } finally {
    await fx.dispose();
  }
});

test('refs earlier versions left in the user\'s repository are removed once, ours only', async () => {
  const fx = await fixture({ git: true });
  try {
    const git = simpleGit(fx.top);
    const tree = (await git.raw(['rev-parse', 'HEAD^{tree}'])).trim();
    const commit = async (message: string) => (await git.raw(['commit-tree', '-m', message, tree])).trim();
    const old = ['20240101-000000-000-00000001', '20240101-000000-000-00000002'];
    for (const id of old) await git.raw(['update-ref', `${CHECKPOINT_REF_PREFIX}${id}`, await commit(`Squad checkpoint ${id}\n\nRun r: the files as they were before an apply (1 file).`)]);
    await git.raw(['update-ref', `${CHECKPOINT_REF_PREFIX}someone-elses`, await commit('not a Squad checkpoint')]);
    await git.raw(['pack-refs', '--all']);
    await git.raw(['update-ref', `${CHECKPOINT_REF_PREFIX}20240101-000000-000-00000003`, await commit('Squad checkpoint 20240101-000000-000-00000099')]);
    const refsOf = async () => (await git.raw(['for-each-ref', '--format=%(refname)'])).trim().split('\n').sort();
    const others = (await refsOf()).filter((r) => !r.startsWith(CHECKPOINT_REF_PREFIX));

    const store = createCheckpointStore({ dir: fx.store, workspaceRoot: fx.root });
    await store.create('run-1', [{ path: 'crlf.txt', before: CRLF, after: 'x\n' }]);
    assert.deepEqual(await refsOf(), [...others, `${CHECKPOINT_REF_PREFIX}20240101-000000-000-00000003`, `${CHECKPOINT_REF_PREFIX}someone-elses`].sort());

    // Once per store: a later old-style ref (from an older copy of Squad still running) is not hunted.
    const late = '20240101-000000-000-00000004';
    await git.raw(['update-ref', `${CHECKPOINT_REF_PREFIX}${late}`, await commit(`Squad checkpoint ${late}`)]);
    await createCheckpointStore({ dir: fx.store, workspaceRoot: fx.root }).create('run-2', [{ path: 'crlf.txt', before: CRLF, after: 'y\n' }]);
    assert.ok((await refsOf()).includes(`${CHECKPOINT_REF_PREFIX}${late}`));
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
    assert.equal((await privateGit(store)('ls-tree', '-r', '--name-only', '--full-tree', checkpoint.gitRef)).trim(), 'sub/src/a/b/deep.ts');
  } finally {
    await fx.dispose();
  }
});

test('a SHA-256 repository gets a SHA-256 private repository', async () => {
  const fx = await fixture({ git: true, objectFormat: 'sha256' });
  try {
    const store = createCheckpointStore({ dir: fx.store, workspaceRoot: fx.root });
    const checkpoint = await store.create('run-1', [{ path: 'src/a/b/deep.ts', before: DEEP, after: 'x\n' }, { path: 'crlf.txt', before: Buffer.from('not committed\n'), after: 'y\n' }]);
    const git = privateGit(store);
    assert.equal((await git('rev-parse', '--show-object-format')).trim(), 'sha256');
    assert.equal((await git('ls-tree', '-r', '--name-only', checkpoint.gitRef!)).trim(), 'crlf.txt\nsrc/a/b/deep.ts');
    assert.equal(await git('cat-file', 'blob', `${checkpoint.gitRef}:crlf.txt`), 'not committed\n');
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
    assert.equal((await privateGit(store)('ls-tree', '-r', checkpoint.gitRef)).trim(), '');
    assert.equal((await store.read(checkpoint.id))?.before('fresh.txt'), undefined);
  } finally {
    await fx.dispose();
  }
});

test('a workspace that is not a repository keeps checkpoints without a ref or a private repository', async () => {
  const fx = await fixture({ git: false });
  try {
    const store = createCheckpointStore({ dir: fx.store, workspaceRoot: fx.root });
    const files = await inputs(fx.root);
    const checkpoint = await store.create('run-1', files);
    assert.equal(checkpoint.gitRef, undefined);
    const loaded = await store.read(checkpoint.id);
    for (const f of files) assert.deepEqual(loaded?.before(f.path), f.before === undefined ? undefined : new Uint8Array(f.before), f.path);
    await assert.rejects(fs.stat(path.join(fx.root, '.git')));
    await assert.rejects(fs.stat(store.gitDir));
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
