import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { isSquadError } from '../../../src/core/common/errors';
import { createStager, removeStaleScratchTrees } from '../../../src/node/staging';

interface Fixture {
  /** The user's workspace (a folder name with spaces). */
  readonly root: string;
  /** Parent of the scratch trees, so each test can check it leaves nothing behind. */
  readonly tmp: string;
  dispose(): Promise<void>;
}

async function fixture(files: Record<string, string>): Promise<Fixture> {
  const parent = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-stage-test-'));
  const root = path.join(parent, 'my project');
  const tmp = path.join(parent, 'scratch trees');
  await fs.mkdir(tmp, { recursive: true });
  await writeFiles(root, files);
  return { root, tmp, dispose: () => fs.rm(parent, { recursive: true, force: true }) };
}

async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), content);
  }
}

async function initRepo(root: string, commitFiles: Record<string, string>): Promise<void> {
  await writeFiles(root, commitFiles);
  const git = simpleGit(root);
  await git.init();
  await git.addConfig('user.email', 'test@example.com').addConfig('user.name', 'Test').addConfig('commit.gpgsign', 'false');
  await git.add('.');
  await git.commit('initial');
}

/** Everything about the user's repository that staging must not change. */
async function repoSnapshot(root: string): Promise<Record<string, string>> {
  const index = createHash('sha256').update(await fs.readFile(path.join(root, '.git', 'index'))).digest('hex');
  const git = simpleGit(root);
  return {
    index,
    status: await git.raw(['--no-optional-locks', 'status', '--porcelain=v1', '--untracked-files=all', '--ignored']),
    worktrees: await git.raw(['worktree', 'list', '--porcelain']),
    stashes: await git.raw(['stash', 'list']),
    branches: await git.raw(['branch', '-a', '-v']),
    head: await git.raw(['rev-parse', 'HEAD']),
    refs: await git.raw(['for-each-ref']),
    staged: await git.raw(['ls-files', '--stage']),
  };
}

/** Every file under the repository's .git with a hash of its bytes: staging must not change one of them. */
async function gitDirBytes(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await fs.readdir(path.join(root, '.git', rel), { withFileTypes: true })) {
      const childRel = path.join(rel, entry.name);
      if (entry.isDirectory()) await walk(childRel);
      else out[childRel] = createHash('sha256').update(await fs.readFile(path.join(root, '.git', childRel))).digest('hex');
    }
  };
  await walk('');
  return out;
}

const read = (file: string) => fs.readFile(file, 'utf8');
const exists = async (file: string) => (await fs.lstat(file).catch(() => undefined)) !== undefined;

test('a git workspace: committed, modified, deleted, renamed and untracked files plus proposals; the repo is untouched', async () => {
  const fx = await fixture({});
  try {
    await initRepo(fx.root, {
      '.gitignore': 'node_modules/\n.env\ndist/\n',
      'src/keep.js': 'keep\n',
      'src/modified.js': 'committed\n',
      'src/deleted.js': 'deleted\n',
      'src/old name.js': 'renamed\n',
      'src/proposal-deletes.js': 'bye\n',
      'package.json': '{"name":"demo"}\n',
    });
    await writeFiles(fx.root, {
      'src/modified.js': 'uncommitted edit\n',
      'notes/untracked file.md': 'untracked\n',
      '.env': 'SECRET=1\n',
      'dist/bundle.js': 'built\n',
      'node_modules/fake-pkg/package.json': '{"name":"fake-pkg","main":"index.js"}\n',
      'node_modules/fake-pkg/index.js': 'module.exports = "from the workspace";\n',
      'node_modules/.vite/deps.json': '{}',
    });
    await fs.rm(path.join(fx.root, 'src/deleted.js'));
    await simpleGit(fx.root).mv('src/old name.js', 'src/new name.js');
    // A hook that would leave a mark in the user's repository if staging ran it.
    await fs.writeFile(path.join(fx.root, '.git/hooks/post-checkout'), `#!/bin/sh\ntouch "${path.join(fx.root, 'HOOK-RAN')}"\n`, { mode: 0o755 });
    const before = await repoSnapshot(fx.root);
    const gitBytes = await gitDirBytes(fx.root);

    const tree = await createStager(fx.root, { tmpDir: fx.tmp }).stage([
      { path: 'src/new.js', content: 'proposed new\n' },
      { path: 'src/keep.js', content: 'proposed edit\n' },
      { path: 'src/proposal-deletes.js', content: undefined },
      { path: 'deep/er/folder/x.txt', content: 'x' },
    ]);
    const dir = tree.dir;
    assert.ok(path.relative(fx.tmp, dir).split(path.sep)[0] !== '..', 'the tree is under the scratch folder');
    assert.ok(path.relative(fx.root, dir).startsWith('..'), 'the tree is outside the workspace');
    assert.equal(await read(path.join(dir, 'package.json')), '{"name":"demo"}\n');
    assert.equal(await read(path.join(dir, 'src/modified.js')), 'uncommitted edit\n');
    assert.equal(await exists(path.join(dir, 'src/deleted.js')), false);
    assert.equal(await exists(path.join(dir, 'src/old name.js')), false);
    assert.equal(await read(path.join(dir, 'src/new name.js')), 'renamed\n');
    assert.equal(await read(path.join(dir, 'notes/untracked file.md')), 'untracked\n');
    assert.equal(await exists(path.join(dir, '.env')), false, 'ignored files are not staged');
    assert.equal(await exists(path.join(dir, 'dist')), false);
    assert.equal(await read(path.join(dir, 'src/new.js')), 'proposed new\n');
    assert.equal(await read(path.join(dir, 'src/keep.js')), 'proposed edit\n');
    assert.equal(await exists(path.join(dir, 'src/proposal-deletes.js')), false);
    assert.equal(await read(path.join(dir, 'deep/er/folder/x.txt')), 'x');
    assert.equal(await exists(path.join(fx.root, 'HOOK-RAN')), false, 'hooks do not run');
    // No git in the tree, nothing registered in the user's repository, its .git unchanged to the byte.
    assert.equal(await exists(path.join(dir, '.git')), false, 'the tree has no .git');
    assert.equal((await simpleGit(fx.root).raw(['worktree', 'list', '--porcelain'])).match(/^worktree /gm)?.length, 1, 'no worktree registered');
    assert.deepEqual(await gitDirBytes(fx.root), gitBytes, '.git is unchanged while the tree exists');

    // The sandbox mounts: the scratch base writable, the workspace hidden, its node_modules readable, an empty home in the base.
    const realRoot = await fs.realpath(fx.root);
    const [base] = tree.sandbox.writable;
    assert.ok(base !== undefined && tree.sandbox.writable.length === 1);
    assert.equal(path.dirname(base), fx.tmp);
    assert.ok(path.relative(base, dir).split(path.sep)[0] !== '..', 'the tree is inside the writable base');
    assert.deepEqual(tree.sandbox.hidden, [realRoot]);
    assert.deepEqual(tree.sandbox.readable, [path.join(realRoot, 'node_modules')]);
    assert.equal(path.dirname(tree.sandbox.home), base);
    assert.deepEqual(await fs.readdir(tree.sandbox.home), []);

    // node_modules: linked, not copied; caches are not linked.
    const linked = path.join(dir, 'node_modules', 'fake-pkg');
    assert.ok((await fs.lstat(linked)).isSymbolicLink());
    assert.equal(await fs.realpath(linked), await fs.realpath(path.join(fx.root, 'node_modules/fake-pkg')));
    assert.equal(await exists(path.join(dir, 'node_modules/.vite')), false);
    const required = execFileSync(process.execPath, ['-e', 'console.log(require("fake-pkg"))'], { cwd: dir, encoding: 'utf8' });
    assert.equal(required.trim(), 'from the workspace');

    assert.equal(await tree.readFile('src/new.js'), 'proposed new\n');
    assert.equal(await tree.readFile('no-such-report.json'), undefined);
    await assert.rejects(tree.readFile('../../outside'), (err) => isSquadError(err, 'path/outside_workspace'));

    // The user's working folder is as it was while the tree exists.
    assert.equal(await read(path.join(fx.root, 'src/keep.js')), 'keep\n');
    assert.equal(await exists(path.join(fx.root, 'src/new.js')), false);

    await tree.dispose();
    await tree.dispose();
    assert.equal(await exists(dir), false);
    assert.deepEqual(await fs.readdir(fx.tmp), []);
    assert.deepEqual(await repoSnapshot(fx.root), before);
    assert.deepEqual(await gitDirBytes(fx.root), gitBytes, '.git is unchanged after dispose');
    assert.equal(await read(path.join(fx.root, 'node_modules/fake-pkg/index.js')), 'module.exports = "from the workspace";\n');
    assert.ok(await exists(path.join(fx.root, 'node_modules/.vite/deps.json')));
    assert.equal(await read(path.join(fx.root, 'src/modified.js')), 'uncommitted edit\n');
  } finally {
    await fx.dispose();
  }
});

test('a workspace without git is copied, skipping .git-less heavy folders and ignored files', async () => {
  const fx = await fixture({
    '.gitignore': '*.log\nsecret/\n',
    'src/app.py': 'print(1)\n',
    'tests/test_app.py': 'def test(): pass\n',
    'debug.log': 'noise',
    'secret/key.txt': 'k',
    'build/out.txt': 'built',
    'node_modules/lib/index.js': 'module.exports = 1;\n',
    '.venv/bin/python': '#!/bin/sh\n',
    'sub dir/file with spaces.txt': 'spaces',
  });
  try {
    const tree = await createStager(fx.root, { tmpDir: fx.tmp }).stage([{ path: 'src/app.py', content: 'print(2)\n' }]);
    assert.equal(await read(path.join(tree.dir, 'src/app.py')), 'print(2)\n');
    assert.equal(await read(path.join(tree.dir, 'tests/test_app.py')), 'def test(): pass\n');
    assert.equal(await read(path.join(tree.dir, 'sub dir/file with spaces.txt')), 'spaces');
    assert.equal(await exists(path.join(tree.dir, 'debug.log')), false);
    assert.equal(await exists(path.join(tree.dir, 'secret')), false);
    assert.equal(await exists(path.join(tree.dir, 'build')), false);
    assert.ok((await fs.lstat(path.join(tree.dir, '.venv'))).isSymbolicLink(), '.venv is linked');
    assert.ok((await fs.lstat(path.join(tree.dir, 'node_modules/lib'))).isSymbolicLink(), 'node_modules entries are linked');
    assert.equal(await read(path.join(fx.root, 'src/app.py')), 'print(1)\n');
    await tree.dispose();
    assert.deepEqual(await fs.readdir(fx.tmp), []);
    assert.ok(await exists(path.join(fx.root, '.venv/bin/python')));
    assert.ok(await exists(path.join(fx.root, 'node_modules/lib/index.js')));
  } finally {
    await fx.dispose();
  }
});

test('a monorepo: nested node_modules are linked and workspace packages resolve to the staged copy', async () => {
  const fx = await fixture({});
  try {
    await initRepo(fx.root, {
      '.gitignore': 'node_modules/\n',
      'package.json': '{"name":"root","workspaces":["packages/*"]}\n',
      'packages/lib/package.json': '{"name":"@demo/lib","main":"index.js"}\n',
      'packages/lib/index.js': 'module.exports = "old lib";\n',
      'packages/app/package.json': '{"name":"@demo/app"}\n',
      'packages/app/main.js': 'console.log(require("@demo/lib"), require("only-in-app"));\n',
    });
    await writeFiles(fx.root, { 'packages/app/node_modules/only-in-app/index.js': 'module.exports = "nested dep";\n' });
    await fs.mkdir(path.join(fx.root, 'node_modules/@demo'), { recursive: true });
    await fs.symlink('../../packages/lib', path.join(fx.root, 'node_modules/@demo/lib'));
    await fs.symlink('../../packages/app', path.join(fx.root, 'node_modules/@demo/app'));

    const tree = await createStager(fx.root, { tmpDir: fx.tmp }).stage([{ path: 'packages/lib/index.js', content: 'module.exports = "new lib";\n' }]);
    assert.equal(await fs.realpath(path.join(tree.dir, 'node_modules/@demo/lib')), await fs.realpath(path.join(tree.dir, 'packages/lib')));
    assert.ok((await fs.lstat(path.join(tree.dir, 'packages/app/node_modules/only-in-app'))).isSymbolicLink());
    const printed = execFileSync(process.execPath, ['main.js'], { cwd: path.join(tree.dir, 'packages/app'), encoding: 'utf8' });
    assert.equal(printed.trim(), 'new lib nested dep');
    await tree.dispose();
    assert.equal(await read(path.join(fx.root, 'packages/lib/index.js')), 'module.exports = "old lib";\n');
    assert.ok(await exists(path.join(fx.root, 'packages/app/node_modules/only-in-app/index.js')));
  } finally {
    await fx.dispose();
  }
});

test('a workspace that is a folder of a larger repository stages the whole repository and points at the folder', async () => {
  const fx = await fixture({});
  try {
    await initRepo(fx.root, { 'shared/util.js': 'util\n', 'service/app.js': 'app\n', 'service/package.json': '{}\n' });
    await writeFiles(fx.root, { 'shared/util.js': 'edited util\n' });
    const tree = await createStager(path.join(fx.root, 'service'), { tmpDir: fx.tmp }).stage([{ path: 'app.js', content: 'proposed app\n' }]);
    assert.equal(path.basename(tree.dir), 'service');
    const realTop = await fs.realpath(fx.root);
    assert.deepEqual(tree.sandbox.hidden, [path.join(realTop, 'service'), realTop], 'the workspace and the repository around it are hidden');
    assert.equal(await exists(path.join(tree.dir, '..', '.git')), false);
    assert.equal(await read(path.join(tree.dir, 'app.js')), 'proposed app\n');
    assert.equal(await read(path.join(tree.dir, '..', 'shared/util.js')), 'edited util\n');
    await tree.dispose();
    assert.deepEqual(await fs.readdir(fx.tmp), []);
    assert.equal((await simpleGit(fx.root).raw(['worktree', 'list', '--porcelain'])).match(/^worktree /gm)?.length, 1);

    // A folder the repository ignores (a project inside a dotfiles repo) is copied, not checked out.
    await writeFiles(fx.root, { '.gitignore': 'scratch/\n', 'scratch/own.js': 'own\n' });
    const ignored = await createStager(path.join(fx.root, 'scratch'), { tmpDir: fx.tmp }).stage([]);
    assert.equal(path.basename(ignored.dir), 'scratch');
    assert.deepEqual(await fs.readdir(ignored.dir), ['own.js']);
    assert.deepEqual(ignored.sandbox.hidden, [path.join(realTop, 'scratch'), realTop], 'an untracked workspace still hides the repository around it');
    await ignored.dispose();
    assert.deepEqual(await fs.readdir(fx.tmp), []);
  } finally {
    await fx.dispose();
  }
});

test('proposals cannot leave the tree or write through a dependency link, and a failed stage cleans up', async () => {
  const fx = await fixture({});
  try {
    await initRepo(fx.root, { '.gitignore': 'node_modules/\n', 'a.js': 'a\n' });
    await writeFiles(fx.root, { 'node_modules/dep/index.js': 'original\n' });
    const before = await repoSnapshot(fx.root);
    const stager = createStager(fx.root, { tmpDir: fx.tmp });
    for (const bad of ['../escape.js', '/etc/passwd', '.git/config', 'node_modules/dep/index.js']) {
      await assert.rejects(stager.stage([{ path: bad, content: 'evil' }]), (err) => isSquadError(err, 'path/outside_workspace'), bad);
      assert.deepEqual(await fs.readdir(fx.tmp), [], `nothing left after refusing ${bad}`);
    }
    assert.equal(await read(path.join(fx.root, 'node_modules/dep/index.js')), 'original\n');
    assert.deepEqual(await repoSnapshot(fx.root), before);
  } finally {
    await fx.dispose();
  }
});

test('staging is cancellable: an aborted stage throws cancelled and leaves nothing behind', async () => {
  const fx = await fixture({});
  try {
    await initRepo(fx.root, { 'a.js': 'a\n', 'b.js': 'b\n' });
    const before = await repoSnapshot(fx.root);
    const stager = createStager(fx.root, { tmpDir: fx.tmp });
    const pre = new AbortController();
    pre.abort();
    await assert.rejects(stager.stage([], pre.signal), (err) => isSquadError(err, 'cancelled'));
    const mid = new AbortController();
    const staging = stager.stage([{ path: 'c.js', content: 'c' }], mid.signal);
    mid.abort();
    await assert.rejects(staging, (err) => isSquadError(err, 'cancelled'));
    assert.deepEqual(await fs.readdir(fx.tmp), []);
    assert.deepEqual(await repoSnapshot(fx.root), before);
  } finally {
    await fx.dispose();
  }
});

test('a repository without commits is copied', async () => {
  const fx = await fixture({ 'x.js': 'x\n' });
  try {
    await simpleGit(fx.root).init();
    const tree = await createStager(fx.root, { tmpDir: fx.tmp, include: ['missing.env'] }).stage([{ path: 'y.js', content: 'y\n' }]);
    assert.equal(await read(path.join(tree.dir, 'x.js')), 'x\n');
    assert.equal(await read(path.join(tree.dir, 'y.js')), 'y\n');
    assert.equal(await exists(path.join(tree.dir, '.git')), false);
    await tree.dispose();
    assert.deepEqual(await fs.readdir(fx.tmp), []);
  } finally {
    await fx.dispose();
  }
});

test('include copies named ignored files into the tree', async () => {
  const fx = await fixture({});
  try {
    await initRepo(fx.root, { '.gitignore': '.env.test\n', 'a.js': 'a\n' });
    await writeFiles(fx.root, { '.env.test': 'PORT=0\n', '../outside.txt': 'not yours\n' });
    const tree = await createStager(fx.root, { tmpDir: fx.tmp, include: ['.env.test', '../outside.txt'] }).stage([]);
    assert.equal(await read(path.join(tree.dir, '.env.test')), 'PORT=0\n');
    assert.equal(await exists(path.join(tree.dir, '..', 'outside.txt')), false, 'include stays inside the workspace');
    await tree.dispose();
  } finally {
    await fx.dispose();
  }
});

test('the digest changes exactly when what a stage would copy changes', async () => {
  const fx = await fixture({});
  try {
    await initRepo(fx.root, { '.gitignore': 'node_modules/\n*.log\n', 'src/a.js': 'a\n', 'package-lock.json': '{}\n' });
    await writeFiles(fx.root, { 'node_modules/dep/index.js': 'dep\n' });
    const stager = createStager(fx.root, { tmpDir: fx.tmp });
    const gitBytes = await gitDirBytes(fx.root);
    const first = await stager.digest();
    assert.match(first, /^[0-9a-f]{64}$/);
    assert.equal(await stager.digest(), first, 'stable when nothing changed');

    // Staging proposals changes nothing in the workspace.
    const tree = await stager.stage([{ path: 'src/a.js', content: 'proposed\n' }]);
    await tree.dispose();
    assert.equal(await stager.digest(), first);

    // Ignored files are not staged, so they do not count.
    await writeFiles(fx.root, { 'debug.log': 'noise\n' });
    assert.equal(await stager.digest(), first, 'an ignored file does not change it');

    // An edit: mtimes are set explicitly, so the test does not depend on the clock's resolution.
    const later = new Date(Date.now() + 60_000);
    await fs.utimes(path.join(fx.root, 'src/a.js'), later, later);
    const touched = await stager.digest();
    assert.notEqual(touched, first, 'a newer mtime changes it');

    await writeFiles(fx.root, { 'src/new.js': 'untracked\n' });
    const withUntracked = await stager.digest();
    assert.notEqual(withUntracked, touched, 'an untracked file changes it');

    // An install: a new package in node_modules (its folder's mtime moves) and npm's hidden lockfile.
    const nodeModules = path.join(fx.root, 'node_modules');
    await writeFiles(fx.root, { 'node_modules/.package-lock.json': '{}\n', 'node_modules/other/index.js': 'other\n' });
    const evenLater = new Date(Date.now() + 120_000);
    await fs.utimes(nodeModules, evenLater, evenLater);
    const installed = await stager.digest();
    assert.notEqual(installed, withUntracked, 'an install changes it');

    await fs.rm(path.join(fx.root, 'src/new.js'));
    assert.notEqual(await stager.digest(), installed, 'a deletion changes it');
    assert.deepEqual(await gitDirBytes(fx.root), gitBytes, 'digest writes nothing to .git');
  } finally {
    await fx.dispose();
  }
});

test('the digest of a workspace without git follows its files too', async () => {
  const fx = await fixture({ '.gitignore': '*.tmp\n', 'main.py': 'print(1)\n' });
  try {
    const stager = createStager(fx.root, { tmpDir: fx.tmp });
    const first = await stager.digest();
    await writeFiles(fx.root, { 'scratch.tmp': 'x' });
    assert.equal(await stager.digest(), first);
    await writeFiles(fx.root, { 'main.py': 'print(22)\n' });
    assert.notEqual(await stager.digest(), first);
  } finally {
    await fx.dispose();
  }
});

test('a killed run leaves its scratch tree behind, and the sweep removes it (and only it)', async () => {
  const fx = await fixture({});
  try {
    await initRepo(fx.root, { 'a.js': 'a\n' });
    await writeFiles(fx.root, { 'untracked-notes.md': 'private notes\n' });
    // Another Squad process stages a tree and is killed before it can dispose it.
    const script = [
      `const { createStager } = require(${JSON.stringify(path.resolve(__dirname, '../../../src/node/staging.ts'))});`,
      `createStager(${JSON.stringify(fx.root)}, { tmpDir: ${JSON.stringify(fx.tmp)} }).stage([]).then((t) => { console.log(t.dir); setInterval(() => {}, 1000); });`,
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const dir = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.on('exit', (code) => reject(new Error(`the staging process exited early (${code})`)));
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const leftover = (await fs.readdir(fx.tmp))[0] ?? '';
    assert.ok(leftover.startsWith('squad-stage-'));
    assert.equal(await read(path.join(dir, 'untracked-notes.md')), 'private notes\n', 'the leftover holds a copy of an untracked file');

    // A folder without an owner file is kept (this process has made no stager for fx.tmp yet, so nothing else sweeps it).
    await fs.mkdir(path.join(fx.tmp, 'squad-stage-no-owner'));
    assert.deepEqual(await removeStaleScratchTrees(fx.tmp), [path.join(fx.tmp, leftover)]);
    assert.equal(await exists(path.join(fx.tmp, leftover)), false);
    assert.ok(await exists(path.join(fx.tmp, 'squad-stage-no-owner')));

    // A live process's tree is kept.
    const live = await createStager(fx.root, { tmpDir: fx.tmp }).stage([]);
    assert.deepEqual(await removeStaleScratchTrees(fx.tmp), []);
    assert.ok(await exists(live.dir), 'a live owner keeps its tree');
    await live.dispose();
    assert.ok(await exists(path.join(fx.root, 'untracked-notes.md')), 'the workspace is untouched');
  } finally {
    await fx.dispose();
  }
});

test('artefacts: a writable folder beside the tree; only regular files are read back, up to the byte budget', async () => {
  const fx = await fixture({ 'a.js': 'a\n' });
  try {
    await writeFiles(fx.root, { 'secret.txt': 'user secret\n' });
    const tree = await createStager(fx.root, { tmpDir: fx.tmp }).stage([]);
    assert.ok(path.relative(tree.dir, tree.artefacts).startsWith('..'), 'not inside the tree');
    assert.ok(tree.sandbox.writable.some((w) => !path.relative(w, tree.artefacts).startsWith('..')), 'writable in the sandbox');
    await fs.writeFile(path.join(tree.artefacts, 'a.json'), '{"a":1}');
    await fs.writeFile(path.join(tree.artefacts, 'b.json'), '{"b":22}');
    await fs.symlink(path.join(fx.root, 'secret.txt'), path.join(tree.artefacts, 'c.json'));
    assert.deepEqual(await tree.readArtefacts(1 << 20), [{ name: 'a.json', text: '{"a":1}' }, { name: 'b.json', text: '{"b":22}' }]);
    assert.deepEqual(await tree.readArtefacts(10), [{ name: 'a.json', text: '{"a":1}' }], 'past the budget the rest is left out');
    await tree.dispose();
    assert.deepEqual(await fs.readdir(fx.tmp), []);
  } finally {
    await fx.dispose();
  }
});
