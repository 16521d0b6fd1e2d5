import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../../src/db/database.js';
import { createTaskRepository } from '../../src/db/tasks.js';
import { NotFoundError, ValidationError } from '../../src/server/errors.js';
import { createTaskService } from '../../src/server/taskService.js';
import { TITLE_MAX_LENGTH } from '../../src/server/validation.js';

function setup(t) {
  const db = openDatabase();
  t.after(() => db.close());
  return createTaskService(createTaskRepository(db));
}

/** Asserts `fn` throws a ValidationError whose details include `detail`. */
function assertInvalid(fn, detail) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof ValidationError, `expected ValidationError, got ${error}`);
    assert.equal(error.status, 400);
    assert.ok(error.details.includes(detail), `details ${JSON.stringify(error.details)} lack "${detail}"`);
    return true;
  });
}

test('createTask trims the title and defaults to not completed', (t) => {
  const service = setup(t);
  const task = service.createTask({ title: '  Buy milk  ' });
  assert.equal(task.title, 'Buy milk');
  assert.equal(task.completed, false);
  assert.deepEqual(service.getTask(task.id), task);
});

test('createTask rejects invalid input with every problem listed', (t) => {
  const service = setup(t);
  assertInvalid(() => service.createTask(null), 'body must be a JSON object');
  assertInvalid(() => service.createTask(['title']), 'body must be a JSON object');
  assertInvalid(() => service.createTask({}), 'title is required');
  assertInvalid(() => service.createTask({ title: 42 }), 'title must be a string');
  assertInvalid(() => service.createTask({ title: '   ' }), 'title must not be empty');
  assertInvalid(() => service.createTask({ title: 'x'.repeat(TITLE_MAX_LENGTH + 1) }),
    `title must be at most ${TITLE_MAX_LENGTH} characters`);
  assertInvalid(() => service.createTask({ title: 'ok', priority: 'high' }), 'unknown field "priority"');
  assert.throws(() => service.createTask({ title: '', completed: 'yes' }), (error) => {
    assert.deepEqual(error.details, ['title must not be empty', 'completed must be true or false']);
    return true;
  });
  assert.deepEqual(service.listTasks(), []);
});

test('updateTask applies a partial update', (t) => {
  const service = setup(t);
  const task = service.createTask({ title: 'Ship it' });
  const done = service.updateTask(task.id, { completed: true });
  assert.equal(done.completed, true);
  assert.equal(done.title, 'Ship it');
  assertInvalid(() => service.updateTask(task.id, {}), 'send at least one of: title, completed');
  assertInvalid(() => service.updateTask(task.id, { completed: 1 }), 'completed must be true or false');
});

test('listTasks filters by status and rejects unknown statuses', (t) => {
  const service = setup(t);
  const open = service.createTask({ title: 'open' });
  const done = service.createTask({ title: 'done', completed: true });
  assert.deepEqual(service.listTasks({ status: 'open' }), [open]);
  assert.deepEqual(service.listTasks({ status: 'done' }), [done]);
  assert.deepEqual(service.listTasks({ status: 'all' }), [open, done]);
  assert.deepEqual(service.listTasks({ status: null }), [open, done]);
  assertInvalid(() => service.listTasks({ status: 'later' }), 'status must be one of: all, open, done');
});

test('missing tasks raise NotFoundError', (t) => {
  const service = setup(t);
  assert.throws(() => service.getTask(404), NotFoundError);
  assert.throws(() => service.updateTask(404, { title: 'x' }), NotFoundError);
  assert.throws(() => service.deleteTask(404), { name: 'NotFoundError', status: 404, message: 'Task 404 not found' });
});

test('deleteTask removes the task', (t) => {
  const service = setup(t);
  const task = service.createTask({ title: 'gone soon' });
  service.deleteTask(task.id);
  assert.deepEqual(service.listTasks(), []);
});
