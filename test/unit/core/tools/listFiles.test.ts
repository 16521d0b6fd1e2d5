import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { toolFixture } from './fixture';

const FILES = {
  '.gitignore': 'dist/\n',
  'README.md': '# app\n',
  'src/index.ts': 'i\n',
  'src/db/schema.ts': 's\n',
  'src/db/schema.test.ts': 't\n',
  'web/App.tsx': 'a\n',
  'dist/out.js': 'o\n',
  '.env': 'K=v\n',
  '.env.example': 'K=\n',
  '.git/HEAD': 'ref: refs/heads/main\n',
};

test('list_files lists visible files: no ignored, secret or .git files', async () => {
  const fx = await toolFixture(FILES);
  try {
    const all = await fx.call('list_files', {});
    assert.equal(all.isError, false);
    assert.equal(all.content, ['7 files:', '.env.example', '.gitignore', 'README.md', 'src/db/schema.test.ts', 'src/db/schema.ts', 'src/index.ts', 'web/App.tsx'].join('\n'));
  } finally {
    await fx.dispose();
  }
});

test('list_files filters by glob; bare patterns match at any depth and folder names mean everything below', async () => {
  const fx = await toolFixture(FILES);
  try {
    assert.equal((await fx.call('list_files', { glob: 'src/**/*.ts' })).content, '3 files matching "src/**/*.ts":\nsrc/db/schema.test.ts\nsrc/db/schema.ts\nsrc/index.ts');
    assert.equal((await fx.call('list_files', { glob: '*.test.ts' })).content, '1 file matching "*.test.ts":\nsrc/db/schema.test.ts');
    assert.equal((await fx.call('list_files', { glob: 'src/db' })).content, '2 files matching "src/db":\nsrc/db/schema.test.ts\nsrc/db/schema.ts');
    assert.equal((await fx.call('list_files', { glob: './web/' })).content, '1 file matching "./web/":\nweb/App.tsx');
    assert.equal((await fx.call('list_files', { glob: '**/*.py' })).content, 'No files matching "**/*.py".');
    // A glob cannot reach ignored or secret files.
    assert.equal((await fx.call('list_files', { glob: 'dist/**' })).content, 'No files matching "dist/**".');
    assert.equal((await fx.call('list_files', { glob: '.env' })).content, 'No files matching ".env".');
  } finally {
    await fx.dispose();
  }
});

test('list_files includes files created in the overlay and drops deleted ones', async () => {
  const fx = await toolFixture(FILES);
  try {
    await fx.view.createFile('src/db/migrations/001_users.sql', 'create table users();\n');
    await fx.view.deleteFile('src/index.ts');
    await fx.view.proposeEdit('src/db/schema.ts', [{ search: 's', replace: 'schema' }]);
    const listed = await fx.call('list_files', { glob: 'src/**' });
    assert.equal(listed.content, '3 files matching "src/**":\nsrc/db/migrations/001_users.sql\nsrc/db/schema.test.ts\nsrc/db/schema.ts');
  } finally {
    await fx.dispose();
  }
});

test('list_files caps long listings and leaves out symlinks that leave the workspace', async () => {
  const many: Record<string, string> = {};
  for (let i = 0; i < 620; i++) many[`gen/file${String(i).padStart(4, '0')}.txt`] = 'x';
  const fx = await toolFixture(many);
  const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-outside-'));
  try {
    await fs.writeFile(path.join(outside, 'passwd'), 'root');
    await fs.symlink(path.join(outside, 'passwd'), path.join(fx.root, 'a-leak'));
    const listed = await fx.call('list_files', {});
    const lines = listed.content.split('\n');
    assert.equal(lines[0], '620 files:');
    assert.equal(lines.length, 1 + 500 + 1);
    assert.equal(lines[1], 'gen/file0000.txt');
    assert.equal(lines[501], '[… 120 more not shown; narrow the glob, e.g. to one folder like "gen/**"]');
    assert.ok(!listed.content.includes('a-leak'));
  } finally {
    await fx.dispose();
    await fs.rm(outside, { recursive: true, force: true });
  }
});
