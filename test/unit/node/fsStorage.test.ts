import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isSquadError } from '../../../src/core/common/errors';
import { createFsStorage } from '../../../src/node/fsStorage';

describe('createFsStorage', () => {
  let root: string;
  before(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-storage-'));
  });
  after(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('appends lines, creating folders as needed', async () => {
    const storage = createFsStorage(root);
    assert.equal(await storage.readLines('a/b/c.jsonl'), undefined);
    await storage.appendLine('a/b/c.jsonl', 'one');
    await storage.appendLine('a/b/c.jsonl', 'two');
    assert.deepEqual(await storage.readLines('a/b/c.jsonl'), ['one', 'two']);
    assert.equal(await fs.readFile(path.join(root, 'a/b/c.jsonl'), 'utf8'), 'one\ntwo\n');
  });

  it('keeps concurrent appends to one file in call order', async () => {
    const storage = createFsStorage(root);
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i} ${'x'.repeat(i * 10)}`);
    await Promise.all(lines.map((line) => storage.appendLine('order/log', line)));
    assert.deepEqual(await storage.readLines('order/log'), lines);
  });

  it('lists entries sorted, and nothing for a missing folder', async () => {
    const storage = createFsStorage(root);
    await storage.appendLine('list/b/x', '1');
    await storage.appendLine('list/a/x', '1');
    await storage.appendLine('list/c', '1');
    assert.deepEqual(await storage.list('list'), ['a', 'b', 'c']);
    assert.deepEqual(await storage.list('nope'), []);
    assert.deepEqual(await storage.list('list/c'), []);
  });

  it('refuses paths outside its folder and multi-line writes', async () => {
    const storage = createFsStorage(path.join(root, 'inner'));
    for (const bad of ['../escape', '/etc/passwd', 'a/../../escape']) {
      await assert.rejects(storage.appendLine(bad, 'x'), (err: unknown) => isSquadError(err, 'path/outside_workspace'));
      await assert.rejects(storage.readLines(bad), (err: unknown) => isSquadError(err, 'path/outside_workspace'));
    }
    await assert.rejects(storage.appendLine('ok', 'two\nlines'));
    await assert.rejects(fs.access(path.join(root, 'escape')));
  });

  it('cuts a torn last line off before appending after a crash', async () => {
    const file = path.join(root, 'torn/events.jsonl');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, '{"a":1}\n{"b":2}\n{"c":');
    const storage = createFsStorage(root);
    assert.deepEqual(await storage.readLines('torn/events.jsonl'), ['{"a":1}', '{"b":2}', '{"c":']);
    await storage.appendLine('torn/events.jsonl', '{"c":3}');
    assert.equal(await fs.readFile(file, 'utf8'), '{"a":1}\n{"b":2}\n{"c":3}\n');
  });

  it('finds the last complete line even far before a long torn tail', async () => {
    const file = path.join(root, 'torn-long.jsonl');
    const complete = `{"big":"${'y'.repeat(70_000)}"}`;
    await fs.writeFile(file, `${complete}\n{"torn":"${'z'.repeat(150_000)}`);
    const storage = createFsStorage(root);
    await storage.appendLine('torn-long.jsonl', 'next');
    assert.deepEqual(await storage.readLines('torn-long.jsonl'), [complete, 'next']);
  });

  it('cuts a file that is only a torn line down to nothing', async () => {
    const file = path.join(root, 'torn-only.jsonl');
    await fs.writeFile(file, '{"partial');
    const storage = createFsStorage(root);
    await storage.appendLine('torn-only.jsonl', 'whole');
    assert.deepEqual(await storage.readLines('torn-only.jsonl'), ['whole']);
  });
});
