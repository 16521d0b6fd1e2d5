import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { toolFixture } from './fixture';

const FILES = {
  '.gitignore': 'node_modules/\n',
  'src/db.ts': 'export const url = "sqlite://dev";\nexport const pool = 1;\nexport const retries = 1;\n',
  'src/api.ts': 'export {};\n',
};

test('propose_edit records the edit in the overlay and reports its size; disk is untouched', async () => {
  const fx = await toolFixture(FILES);
  try {
    const result = await fx.call('propose_edit', { path: 'src/db.ts', edits: [{ search: 'pool = 1', replace: 'pool = 10' }] });
    assert.equal(result.isError, false);
    assert.equal(result.content, 'Proposed an edit to src/db.ts: +1 -1 lines.');
    assert.deepEqual(result.proposal, { path: 'src/db.ts', kind: 'edit', added: 1, removed: 1 });
    assert.match((await fx.view.read('src/db.ts')) ?? '', /pool = 10;/);
    assert.equal(await fs.readFile(path.join(fx.root, 'src/db.ts'), 'utf8'), FILES['src/db.ts']);
    assert.deepEqual(fx.view.changedPaths(), [{ path: 'src/db.ts', kind: 'modified' }]);
  } finally {
    await fx.dispose();
  }
});

test('edit errors from the view come back as error results the model can act on', async () => {
  const fx = await toolFixture(FILES);
  try {
    const missing = await fx.call('propose_edit', { path: 'src/db.ts', edits: [{ search: 'pool = 2', replace: 'x' }] });
    assert.deepEqual([missing.isError, missing.content], [true, 'Edit 1 of src/db.ts: the search text was not found. Read the file again and copy the text exactly.']);
    const ambiguous = await fx.call('propose_edit', { path: 'src/db.ts', edits: [{ search: '= 1;', replace: '= 2;' }] });
    assert.deepEqual([ambiguous.isError, ambiguous.content], [true, 'Edit 1 of src/db.ts: the search text occurs more than once; include more surrounding lines.']);
    const noFile = await fx.call('propose_edit', { path: 'src/nope.ts', edits: [{ search: 'a', replace: 'b' }] });
    assert.match(noFile.content, /no such file\. Use create_file/);
    assert.equal(missing.proposal, undefined);
    assert.deepEqual(fx.view.changedPaths(), []);
  } finally {
    await fx.dispose();
  }
});

test('writes go through the sandbox: outside, ignored and secret paths are refused', async () => {
  const fx = await toolFixture(FILES);
  try {
    const outside = await fx.call('create_file', { path: '../evil.sh', content: 'rm -rf /' });
    assert.deepEqual([outside.isError, outside.content], [true, 'Refused "../evil.sh": ".." leads outside the workspace.']);
    const ignored = await fx.call('create_file', { path: 'node_modules/x/index.js', content: '' });
    assert.match(ignored.content, /ignored by \.gitignore/);
    const secret = await fx.call('propose_edit', { path: '.env', edits: [{ search: 'a', replace: 'b' }] });
    assert.match(secret.content, /^Refused "\.env": environment files/);
    const git = await fx.call('delete_file', { path: '.git/HEAD' });
    assert.match(git.content, /\.git\//);
    assert.deepEqual(fx.view.changedPaths(), []);
  } finally {
    await fx.dispose();
  }
});

test('create_file and delete_file propose new and removed files', async () => {
  const fx = await toolFixture(FILES);
  try {
    const created = await fx.call('create_file', { path: 'src/routes/users.ts', content: 'export const a = 1;\nexport const b = 2;\n' });
    assert.deepEqual([created.isError, created.content], [false, 'Proposed file src/routes/users.ts: +2 -0 lines.']);
    assert.deepEqual(created.proposal, { path: 'src/routes/users.ts', kind: 'create', added: 2, removed: 0 });
    const deleted = await fx.call('delete_file', { path: 'src/api.ts' });
    assert.deepEqual([deleted.isError, deleted.content], [false, 'Proposed deleting src/api.ts (+0 -1 lines).']);
    assert.equal((await fx.call('list_files', { glob: 'src/**' })).content, '2 files matching "src/**":\nsrc/db.ts\nsrc/routes/users.ts');
    const dir = await fx.call('create_file', { path: 'src', content: 'x' });
    assert.deepEqual([dir.isError, dir.content], [true, 'src is a directory; give a file path.']);
    const dirDelete = await fx.call('delete_file', { path: 'src' });
    assert.deepEqual([dirDelete.isError, dirDelete.content], [true, 'src is a directory; delete its files one by one.']);
    const exists = await fx.call('create_file', { path: 'src/db.ts', content: 'x' });
    assert.deepEqual([exists.isError, exists.content], [true, 'src/db.ts already exists. Use propose_edit to change it.']);
    const twice = await fx.call('delete_file', { path: 'src/api.ts' });
    assert.deepEqual([twice.isError, twice.content], [true, 'Cannot delete src/api.ts: no such file.']);
  } finally {
    await fx.dispose();
  }
});

test('an edit through a symlink inside the workspace lands on the real file', async () => {
  const fx = await toolFixture(FILES);
  try {
    await fs.symlink('src/db.ts', path.join(fx.root, 'db-link.ts'));
    const result = await fx.call('propose_edit', { path: 'db-link.ts', edits: [{ search: 'retries = 1', replace: 'retries = 3' }] });
    assert.equal(result.content, 'Proposed an edit to src/db.ts: +1 -1 lines.');
    assert.deepEqual(fx.view.changedPaths(), [{ path: 'src/db.ts', kind: 'modified' }]);
  } finally {
    await fx.dispose();
  }
});
