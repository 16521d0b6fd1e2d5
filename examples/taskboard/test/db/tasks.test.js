import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { openDatabase } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { createTaskRepository } from '../../src/db/tasks.js';

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function setup(t) {
  const db = openDatabase();
  t.after(() => db.close());
  return { db, repo: createTaskRepository(db) };
}

test('migrations are recorded and applied only once', (t) => {
  const { db } = setup(t);
  const applied = db.prepare('SELECT name FROM schema_migrations').all().map((row) => row.name);
  assert.deepEqual(applied, ['001_init.sql']);
  assert.deepEqual(migrate(db), []);
});

test('a failing migration is rolled back and reported', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'taskboard-migrations-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, '001_ok.sql'), 'CREATE TABLE a (id INTEGER);');
  await writeFile(join(dir, '002_broken.sql'), 'CREATE TABLE b (id INTEGER); SELECT * FROM missing;');
  const db = new DatabaseSync(':memory:');
  t.after(() => db.close());

  assert.throws(() => migrate(db, dir), /Migration 002_broken\.sql failed/);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
  assert.deepEqual(tables.map((row) => row.name), ['a', 'schema_migrations']);
  assert.deepEqual(db.prepare('SELECT name FROM schema_migrations').all().map((row) => row.name), ['001_ok.sql']);
});

test('create stores a task and findById reads it back', (t) => {
  const { repo } = setup(t);
  const task = repo.create({ title: 'Write tests' });
  assert.equal(task.title, 'Write tests');
  assert.equal(task.completed, false);
  assert.match(task.createdAt, ISO_TIMESTAMP);
  assert.match(task.updatedAt, ISO_TIMESTAMP);
  assert.deepEqual(repo.findById(task.id), task);
  assert.equal(repo.findById(task.id + 1), null);
});

test('list returns tasks in creation order and filters by completion', (t) => {
  const { repo } = setup(t);
  const first = repo.create({ title: 'first' });
  const second = repo.create({ title: 'second', completed: true });
  const third = repo.create({ title: 'third' });

  assert.deepEqual(repo.list().map((task) => task.id), [first.id, second.id, third.id]);
  assert.deepEqual(repo.list({ completed: true }).map((task) => task.id), [second.id]);
  assert.deepEqual(repo.list({ completed: false }).map((task) => task.id), [first.id, third.id]);
});

test('update changes only the given fields', (t) => {
  const { repo } = setup(t);
  const task = repo.create({ title: 'draft' });

  const completed = repo.update(task.id, { completed: true });
  assert.equal(completed?.completed, true);
  assert.equal(completed?.title, 'draft');

  const renamed = repo.update(task.id, { title: 'final' });
  assert.equal(renamed?.title, 'final');
  assert.equal(renamed?.completed, true);
  assert.equal(renamed?.createdAt, task.createdAt);
});

test('update returns null for a missing task and refuses unknown fields', (t) => {
  const { repo } = setup(t);
  const task = repo.create({ title: 'x' });
  assert.equal(repo.update(9999, { title: 'nope' }), null);
  assert.throws(() => repo.update(task.id, { id: 5 }), TypeError);
  assert.throws(() => repo.update(task.id, { constructor: 'x' }), TypeError);
});

test('remove deletes a task once', (t) => {
  const { repo } = setup(t);
  const task = repo.create({ title: 'temporary' });
  assert.equal(repo.remove(task.id), true);
  assert.equal(repo.remove(task.id), false);
  assert.deepEqual(repo.list(), []);
});

test('the schema rejects blank titles', (t) => {
  const { repo } = setup(t);
  assert.throws(() => repo.create({ title: '   ' }), /CHECK constraint failed/);
});
