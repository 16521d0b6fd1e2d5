import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { isSquadError } from '../../../src/core/common/errors';
import { createStager } from '../../../src/node/staging';

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
