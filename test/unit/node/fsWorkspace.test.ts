import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createFsWorkspace } from '../../../src/node/fsWorkspace';
import { makeTempWorkspace } from '../../support/tempWorkspace';

test('listFiles honours nested .gitignore, .squadignore, settings globs and skips .git', async () => {
  const ws = await makeTempWorkspace({
    '.gitignore': 'node_modules/\n*.log\n',
    '.squadignore': 'secret-notes.md\n',
    'src/a.ts': 'a',
    'src/gen/.gitignore': 'out.js\n',
    'src/gen/out.js': 'x',
    'src/gen/keep.js': 'k',
    'node_modules/lib/index.js': 'n',
    'debug.log': 'l',
    'secret-notes.md': 's',
    'vendor/big.min.js': 'v',
    '.git/HEAD': 'ref',
  });
  try {
    const workspace = createFsWorkspace(ws.root, { ignoreGlobs: ['vendor/'] });
    assert.deepEqual(await workspace.listFiles(), ['.gitignore', '.squadignore', 'src/a.ts', 'src/gen/.gitignore', 'src/gen/keep.js']);
    assert.equal(await workspace.isIgnored('node_modules/lib/index.js'), true);
    assert.equal(await workspace.isIgnored('src/gen/out.js'), true);
    assert.equal(await workspace.isIgnored('.git/HEAD'), true);
    assert.equal(await workspace.isIgnored('src/a.ts'), false);
    assert.deepEqual(await workspace.listFiles({ limit: 2 }), ['.gitignore', '.squadignore']);
  } finally {
    await ws.dispose();
  }
});

test('realPath refuses symlinks that leave the workspace and stat reports them', async () => {
  const ws = await makeTempWorkspace({ 'src/a.ts': 'a' });
  const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-out-'));
  try {
    await fs.writeFile(path.join(outside, 'passwd'), 'x');
    await fs.symlink(path.join(outside, 'passwd'), path.join(ws.root, 'escape'));
    await fs.symlink('src/a.ts', path.join(ws.root, 'inside'));
    const workspace = createFsWorkspace(ws.root);
    assert.equal(await workspace.realPath('escape'), undefined);
    assert.equal(await workspace.realPath('inside'), 'src/a.ts');
    assert.equal((await workspace.stat('escape'))?.type, 'symlink');
    assert.equal((await workspace.stat('src'))?.type, 'directory');
    assert.equal(await workspace.stat('missing'), undefined);
    assert.equal(Buffer.from(await workspace.readFile('src/a.ts')).toString(), 'a');
  } finally {
    await ws.dispose();
    await fs.rm(outside, { recursive: true, force: true });
  }
});
