import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isSquadError } from '../../../../src/core/common/errors';
import { ChangeSet, type ReadBase } from '../../../../src/core/changes/changeSet';

let root = '';
const files: Record<string, string> = {
  'src/db.ts': 'export const db = connect();\n',
  'src/api.ts': ['import { db } from "./db";', '', 'export function list() {', '  return db.all();', '}', '', 'export function one(id) {', '  return db.get(id);', '}', ''].join('\n'),
  'README.md': '# App\n',
};
const readBase: ReadBase = async (path) => {
  try {
    return await readFile(join(root, path), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
};

async function rejects(p: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (err) => isSquadError(err) && err.code === code && pattern.test(err.message));
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'squad-changeset-'));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('ChangeSet', () => {
  it('lets a task see its dependencies\' changes but not unrelated tasks\', and never writes to disk', async () => {
    const set = new ChangeSet(readBase);
    await set.view('db', []).proposeEdit('src/db.ts', [{ search: 'connect()', replace: 'connect(url)' }]);
    await set.view('other', []).createFile('src/other.ts', 'export {};\n');

    const api = set.view('api', ['db']);
    assert.equal(await api.read('src/db.ts'), 'export const db = connect(url);\n');
    assert.equal(await api.read('src/other.ts'), undefined);
    assert.equal(await set.view('docs', []).read('src/db.ts'), files['src/db.ts']);
    assert.deepEqual(api.listChangedPaths(), ['src/db.ts']);
    assert.deepEqual(api.listChangedPaths('own'), []);

    await api.proposeEdit('src/db.ts', [{ search: 'connect(url)', replace: 'connect(url, { pool: 4 })' }]);
    assert.equal(await api.read('src/db.ts'), 'export const db = connect(url, { pool: 4 });\n');
    assert.equal(await set.view('db', []).read('src/db.ts'), 'export const db = connect(url);\n');
    assert.deepEqual(set.tasksTouching('src/db.ts'), ['db', 'api']);
    assert.equal(await readFile(join(root, 'src/db.ts'), 'utf8'), files['src/db.ts']);
    assert.equal(await readBase('src/other.ts'), undefined);
  });

  it('diffs each task against the version it built on', async () => {
    const set = new ChangeSet(readBase);
    await set.view('db', []).proposeEdit('src/db.ts', [{ search: 'connect()', replace: 'connect(url)' }]);
    const api = set.view('api', ['db']);
    await api.proposeEdit('src/db.ts', [{ search: 'connect(url)', replace: 'connect(url, opts)' }]);
    const r = await api.proposeEdit('src/api.ts', [{ search: '  return db.get(id);', replace: '  return db.get(String(id));' }]);
    assert.deepEqual(r.diff.hunks[0]?.lines.filter((l) => l[0] !== ' '), ['-  return db.get(id);', '+  return db.get(String(id));']);
    assert.equal(r.applied[0]?.kind, 'exact');

    const diffs = set.fileDiffs('api');
    assert.deepEqual(diffs.map((d) => d.path), ['src/api.ts', 'src/db.ts']);
    assert.deepEqual(diffs[1]?.hunks[0]?.lines, ['-export const db = connect(url);', '+export const db = connect(url, opts);']);
    assert.deepEqual(set.changes('api').get('src/db.ts')?.base, 'export const db = connect(url);\n');
  });

  it('refuses to create an existing file, to delete a missing one, and to edit a missing one', async () => {
    const set = new ChangeSet(readBase);
    const v = set.view('t', []);
    await rejects(v.createFile('README.md', 'x'), 'edit/no_match', /README\.md already exists/);
    await rejects(v.deleteFile('nope.ts'), 'edit/no_match', /nope\.ts does not exist/);
    await rejects(v.proposeEdit('nope.ts', [{ search: 'a', replace: 'b' }]), 'edit/no_match', /Use create_file/);

    const created = await v.createFile('src/new.ts', 'export const x = 1;\n');
    assert.deepEqual([created.kind, created.added], ['created', 1]);
    await rejects(v.createFile('src/new.ts', 'again'), 'edit/no_match', /already exists/);
    await v.deleteFile('src/new.ts');
    assert.deepEqual(v.listChangedPaths('own'), [], 'creating then deleting leaves no change');

    const deleted = await v.deleteFile('README.md');
    assert.equal(deleted.kind, 'deleted');
    assert.equal(await v.read('README.md'), undefined);
    await rejects(v.deleteFile('README.md'), 'edit/no_match', /does not exist/);
    await v.createFile('README.md', '# New\n');
    assert.deepEqual(set.fileDiffs('t').map((d) => [d.path, d.kind]), [['README.md', 'modified']]);
  });

  it('drops a change that edits the file back to its base', async () => {
    const set = new ChangeSet(readBase);
    const v = set.view('t', []);
    await v.proposeEdit('README.md', [{ search: '# App', replace: '# Ap' }]);
    await v.proposeEdit('README.md', [{ search: '# Ap', replace: '# App' }]);
    assert.deepEqual(v.listChangedPaths('own'), []);
    assert.deepEqual(set.tasksTouching('README.md'), []);
  });

  it('round-trips through JSON, including creations and deletions', async () => {
    const set = new ChangeSet(readBase);
    const v = set.view('t', []);
    await v.createFile('src/new.ts', 'export {};\n');
    await v.deleteFile('README.md');
    await v.proposeEdit('src/api.ts', [{ search: 'db.all()', replace: 'db.all({ limit: 10 })' }]);
    const json = JSON.parse(JSON.stringify(set.toJSON()));
    const restored = ChangeSet.fromJSON(json, readBase);
    assert.deepEqual(restored.toJSON(), set.toJSON());
    const rv = restored.view('t', []);
    assert.equal(await rv.read('src/new.ts'), 'export {};\n');
    assert.equal(await rv.read('README.md'), undefined);
    assert.deepEqual(restored.fileDiffs('t'), set.fileDiffs('t'));
    assert.throws(() => ChangeSet.fromJSON({ version: 1, tasks: { t: { a: { base: 1 } } } }, readBase), (err) => isSquadError(err, 'journal/corrupt'));
  });

  it('composes two dependencies that changed the same file from the same base', async () => {
    const set = new ChangeSet(readBase);
    await set.view('a', []).proposeEdit('src/api.ts', [{ search: '  return db.all();', replace: '  return db.all().slice(0, 10);' }]);
    await set.view('b', []).proposeEdit('src/api.ts', [{ search: '  return db.get(id);', replace: '  return db.get(id) ?? null;' }]);
    const text = await set.view('c', ['a', 'b']).read('src/api.ts');
    assert.equal(text, files['src/api.ts']!.replace('db.all();', 'db.all().slice(0, 10);').replace('db.get(id);', 'db.get(id) ?? null;'));

    await set.view('d', []).proposeEdit('src/api.ts', [{ search: '  return db.all();', replace: '  return [];' }]);
    await rejects(set.view('e', ['a', 'd']).read('src/api.ts'), 'changes/conflict', /task d conflicts with earlier changes \(lines 4-4\)/);
  });

  it('rebases a later proposal onto an earlier one, and reports conflicts without changing it', async () => {
    const set = new ChangeSet(readBase);
    await set.view('a', []).proposeEdit('src/api.ts', [{ search: '  return db.all();', replace: '  return db.all().slice(0, 10);' }]);
    await set.view('b', []).proposeEdit('src/api.ts', [{ search: '  return db.get(id);', replace: '  return db.get(id) ?? null;' }]);
    assert.deepEqual(await set.rebase('b', ['a']), [{ path: 'src/api.ts', ok: true }]);
    const b = set.changes('b').get('src/api.ts');
    assert.equal(b?.base, await set.view('x', ['a']).read('src/api.ts'));
    assert.match(b?.content ?? '', /slice\(0, 10\)[\s\S]*\?\? null/);
    assert.equal(set.fileDiffs('b')[0]?.added, 1, 'after the rebase, b\'s diff holds only its own change');

    await set.view('c', []).proposeEdit('src/api.ts', [{ search: '  return db.all();', replace: '  return [];' }]);
    const before = set.changes('c').get('src/api.ts');
    const [report] = await set.rebase('c', ['a']);
    assert.equal(report?.ok, false);
    if (report?.ok !== false) return;
    assert.deepEqual(report.conflicts.map((c) => [c.startLine, c.ours, c.theirs]), [[4, '  return db.all().slice(0, 10);', '  return [];']]);
    assert.deepEqual(set.changes('c').get('src/api.ts'), before);
  });

  it('serialises concurrent edits of one task so none is lost', async () => {
    const set = new ChangeSet(readBase);
    const v = set.view('t', []);
    await Promise.all([
      v.proposeEdit('src/api.ts', [{ search: 'db.all()', replace: 'db.all(1)' }]),
      v.proposeEdit('src/api.ts', [{ search: 'db.get(id)', replace: 'db.get(id, 2)' }]),
    ]);
    const text = await v.read('src/api.ts');
    assert.match(text ?? '', /db\.all\(1\)[\s\S]*db\.get\(id, 2\)/);
  });

  it('announces each recorded change', async () => {
    const set = new ChangeSet(readBase);
    const seen: string[] = [];
    const sub = set.onDidChange((e) => seen.push(`${e.taskId}:${e.path}`));
    await set.view('t', []).createFile('n.txt', 'x');
    set.discard('t');
    sub.dispose();
    set.dispose();
    assert.deepEqual(seen, ['t:n.txt', 't:n.txt']);
  });
});
