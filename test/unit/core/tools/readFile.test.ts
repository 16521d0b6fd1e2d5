import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { decodeText, encodeText } from '../../../../src/core/tools/text';
import { toolFixture } from './fixture';

const TEN = Array.from({ length: 10 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

test('read_file numbers lines and reads a range', async () => {
  const fx = await toolFixture({ 'src/ten.txt': TEN });
  try {
    const all = await fx.call('read_file', { path: 'src/ten.txt' });
    assert.equal(all.isError, false);
    assert.equal(all.content.split('\n')[0], 'src/ten.txt (lines 1-10 of 10)');
    assert.equal(all.content.split('\n')[10], '  10 | line 10');
    const part = await fx.call('read_file', { path: './src/ten.txt', startLine: 3, endLine: 5 });
    assert.equal(part.content, 'src/ten.txt (lines 3-5 of 10)\n   3 | line 3\n   4 | line 4\n   5 | line 5');
  } finally {
    await fx.dispose();
  }
});

test('read_file clamps ranges and says so', async () => {
  const fx = await toolFixture({ 'ten.txt': TEN, 'empty.txt': '' });
  try {
    const past = await fx.call('read_file', { path: 'ten.txt', startLine: 9, endLine: 400 });
    assert.equal(past.content, 'ten.txt (lines 9-10 of 10)\n   9 | line 9\n  10 | line 10');
    const beyond = await fx.call('read_file', { path: 'ten.txt', startLine: 11 });
    assert.equal(beyond.content, 'ten.txt has 10 lines; startLine 11 is past the end.');
    const backwards = await fx.call('read_file', { path: 'ten.txt', startLine: 4, endLine: 2 });
    assert.equal(backwards.content, 'ten.txt (lines 4-4 of 10)\n   4 | line 4\n[endLine 2 is before startLine; showing from 4]');
    const empty = await fx.call('read_file', { path: 'empty.txt' });
    assert.equal(empty.content, 'empty.txt is empty (0 lines).');
  } finally {
    await fx.dispose();
  }
});

test('read_file caps large reads and points at startLine to read on', async () => {
  const lines = Array.from({ length: 200 }, (_, i) => `const value${i} = ${i};`);
  const fx = await toolFixture({ 'big.ts': lines.join('\n'), 'minified.js': 'x'.repeat(5000) }, { maxReadBytes: 1024 });
  try {
    const first = await fx.call('read_file', { path: 'big.ts' });
    assert.equal(first.isError, false);
    assert.ok(first.content.length < 1024 + 200, `read returned ${first.content.length} chars`);
    const note = /\[truncated at the 1 KB read cap: lines (\d+)-200 not shown; read them with startLine=(\d+)\]$/.exec(first.content);
    assert.ok(note, first.content.slice(-200));
    const next = Number(note[2]);
    assert.equal(Number(note[1]), next);
    assert.match(first.content, new RegExp(`\\(lines 1-${next - 1} of 200\\)`));
    const rest = await fx.call('read_file', { path: 'big.ts', startLine: next });
    assert.match(rest.content, new RegExp(`^big.ts \\(lines ${next}-`));
    assert.ok(rest.content.includes(`${next} | const value${next - 1} = ${next - 1};`));
    // One enormous line is cut rather than dropped.
    const mini = await fx.call('read_file', { path: 'minified.js' });
    assert.match(mini.content, /^minified\.js \(lines 1-1 of 1\)\n   1 \| x+ \[… line cut at the read cap\]$/);
    assert.ok(mini.content.length < 1100);
  } finally {
    await fx.dispose();
  }
});

test('read_file refuses binary files, directories and missing files with clear errors', async () => {
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  const fx = await toolFixture({ 'img/logo.png': png, 'src/a.ts': 'a\n' });
  try {
    const binary = await fx.call('read_file', { path: 'img/logo.png' });
    assert.deepEqual([binary.isError, binary.content], [true, 'img/logo.png is a binary file; it cannot be read as text.']);
    const dir = await fx.call('read_file', { path: 'src' });
    assert.deepEqual([dir.isError, dir.content], [true, 'src is a directory; use list_files with glob "src/**".']);
    const missing = await fx.call('read_file', { path: 'src/b.ts' });
    assert.deepEqual([missing.isError, missing.content], [true, 'No such file: src/b.ts. Use list_files to see what exists.']);
  } finally {
    await fx.dispose();
  }
});

test('a windows-1252 file reads as text and its bytes round-trip; a UTF-8 BOM is kept', async () => {
  // "Café “menu”\r\nPrix: 5€\r\n" in windows-1252, and a BOM-prefixed UTF-8 file.
  const cp1252 = Uint8Array.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x6d, 0x65, 0x6e, 0x75, 0x94, 0x0d, 0x0a, 0x50, 0x72, 0x69, 0x78, 0x3a, 0x20, 0x35, 0x80, 0x0d, 0x0a]);
  const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('export const ok = true;\n')]);
  const fx = await toolFixture({ 'legacy/menu.txt': cp1252, 'src/bom.ts': bom });
  try {
    const read = await fx.call('read_file', { path: 'legacy/menu.txt' });
    assert.equal(read.content, 'legacy/menu.txt (lines 1-2 of 2, CRLF line endings)\n   1 | Café “menu”\n   2 | Prix: 5€');
    const onDisk = new Uint8Array(await fs.readFile(path.join(fx.root, 'legacy/menu.txt')));
    const decoded = decodeText(await fx.ctx.workspace.readFile('legacy/menu.txt'));
    assert.ok(!decoded.binary);
    assert.equal(decoded.encoding, 'latin1');
    assert.deepEqual(encodeText(decoded.text, decoded.encoding, decoded.hadBom), onDisk);

    const bomRead = await fx.call('read_file', { path: 'src/bom.ts' });
    assert.equal(bomRead.content, 'src/bom.ts (lines 1-1 of 1)\n   1 | export const ok = true;');
    const bomDecoded = decodeText(await fx.ctx.workspace.readFile('src/bom.ts'));
    assert.ok(!bomDecoded.binary && bomDecoded.hadBom);
    const edited = bomDecoded.text.replace('true', 'false');
    const written = encodeText(edited, bomDecoded.encoding, bomDecoded.hadBom);
    assert.deepEqual([...written.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(new TextDecoder().decode(written), 'export const ok = false;\n');
  } finally {
    await fx.dispose();
  }
});

test('read_file sees the overlay: proposals, created and deleted files', async () => {
  const fx = await toolFixture({ 'src/a.ts': 'export const a = 1;\n', 'src/old.ts': 'old\n' });
  try {
    await fx.view.proposeEdit('src/a.ts', [{ search: '= 1', replace: '= 2' }]);
    await fx.view.createFile('src/new.ts', 'fresh\n');
    await fx.view.deleteFile('src/old.ts');
    assert.equal((await fx.call('read_file', { path: 'src/a.ts' })).content, 'src/a.ts (lines 1-1 of 1)\n   1 | export const a = 2;');
    assert.equal((await fx.call('read_file', { path: 'src/new.ts' })).content, 'src/new.ts (lines 1-1 of 1)\n   1 | fresh');
    const gone = await fx.call('read_file', { path: 'src/old.ts' });
    assert.deepEqual([gone.isError, gone.content], [true, 'No such file: src/old.ts. Use list_files to see what exists.']);
    // A folder that exists only in the overlay is still a folder.
    await fx.view.createFile('lib/util.ts', 'u\n');
    assert.match((await fx.call('read_file', { path: 'lib' })).content, /^lib is a directory/);
  } finally {
    await fx.dispose();
  }
});

test('read_file reads a symlink inside the workspace under its target name', async () => {
  const fx = await toolFixture({ 'src/a.ts': 'a\n' });
  try {
    await fs.symlink('src/a.ts', path.join(fx.root, 'alias.ts'));
    assert.equal((await fx.call('read_file', { path: 'alias.ts' })).content, 'src/a.ts (lines 1-1 of 1)\n   1 | a');
    const secret = await fx.call('read_file', { path: '.env' });
    assert.equal(secret.isError, true);
    assert.match(secret.content, /^Refused "\.env": environment files/);
  } finally {
    await fx.dispose();
  }
});
