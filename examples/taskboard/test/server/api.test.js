import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { openDatabase } from '../../src/db/database.js';
import { createApp } from '../../src/server/app.js';

/** Starts the app on a random port with a fresh in-memory database; stops both after the test. */
async function startServer(t) {
  const db = openDatabase();
  const server = createApp({ db });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    db.close();
  });
  const baseUrl = `http://127.0.0.1:${server.address().port}`;

  return {
    baseUrl,
    /** Sends a JSON request; a string body is sent verbatim so tests can send broken JSON. */
    async call(method, path, body, headers = { 'content-type': 'application/json' }) {
      const init = { method, headers };
      if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
      const response = await fetch(baseUrl + path, init);
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
    },
  };
}

test('POST /api/tasks creates a task and GET lists it', async (t) => {
  const { call } = await startServer(t);
  const created = await call('POST', '/api/tasks', { title: '  Plan sprint ' });
  assert.equal(created.status, 201);
  assert.equal(created.body.title, 'Plan sprint');
  assert.equal(created.body.completed, false);
  assert.equal(created.headers.get('location'), `/api/tasks/${created.body.id}`);

  const listed = await call('GET', '/api/tasks');
  assert.equal(listed.status, 200);
  assert.deepEqual(listed.body, [created.body]);

  const fetched = await call('GET', `/api/tasks/${created.body.id}`);
  assert.deepEqual(fetched.body, created.body);
});

test('PATCH /api/tasks/:id updates fields and GET filters by status', async (t) => {
  const { call } = await startServer(t);
  const a = (await call('POST', '/api/tasks', { title: 'a' })).body;
  const b = (await call('POST', '/api/tasks', { title: 'b' })).body;

  const patched = await call('PATCH', `/api/tasks/${b.id}`, { completed: true, title: 'b2' });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.completed, true);
  assert.equal(patched.body.title, 'b2');

  assert.deepEqual((await call('GET', '/api/tasks?status=open')).body.map((task) => task.id), [a.id]);
  assert.deepEqual((await call('GET', '/api/tasks?status=done')).body.map((task) => task.id), [b.id]);
  const bad = await call('GET', '/api/tasks?status=someday');
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.details, ['status must be one of: all, open, done']);
});

test('DELETE /api/tasks/:id removes the task', async (t) => {
  const { call } = await startServer(t);
  const task = (await call('POST', '/api/tasks', { title: 'delete me' })).body;

  const deleted = await call('DELETE', `/api/tasks/${task.id}`);
  assert.equal(deleted.status, 204);
  assert.equal(deleted.body, null);
  assert.equal((await call('GET', `/api/tasks/${task.id}`)).status, 404);
  const again = await call('DELETE', `/api/tasks/${task.id}`);
  assert.equal(again.status, 404);
  assert.equal(again.body.error, `Task ${task.id} not found`);
});

test('invalid requests get a 400 that says what to fix', async (t) => {
  const { call } = await startServer(t);

  const notJson = await call('POST', '/api/tasks', '{"title": ');
  assert.equal(notJson.status, 400);
  assert.equal(notJson.body.error, 'Request body is not valid JSON');

  const missing = await call('POST', '/api/tasks', { name: 'x' });
  assert.equal(missing.status, 400);
  assert.deepEqual(missing.body, { error: 'Invalid task', details: ['unknown field "name"'] });

  const empty = await call('POST', '/api/tasks', {});
  assert.deepEqual(empty.body.details, ['title is required']);

  const task = (await call('POST', '/api/tasks', { title: 'ok' })).body;
  const noFields = await call('PATCH', `/api/tasks/${task.id}`, {});
  assert.equal(noFields.status, 400);
  assert.equal(noFields.body.error, 'Invalid task update');

  const badId = await call('PATCH', '/api/tasks/abc', { completed: true });
  assert.equal(badId.status, 400);
  assert.deepEqual(badId.body.details, ['id must be a positive integer, got "abc"']);

  assert.equal((await call('PATCH', '/api/tasks/999', { completed: true })).status, 404);
  assert.deepEqual((await call('GET', '/api/tasks')).body, [task]);
});

test('wrong content type, method or route are refused', async (t) => {
  const { call } = await startServer(t);
  const form = await call('POST', '/api/tasks', 'title=x', { 'content-type': 'application/x-www-form-urlencoded' });
  assert.equal(form.status, 415);

  const put = await call('PUT', '/api/tasks', { title: 'x' });
  assert.equal(put.status, 405);
  assert.equal(put.headers.get('allow'), 'GET, POST');

  const unknown = await call('GET', '/api/projects');
  assert.equal(unknown.status, 404);
  assert.match(unknown.body.error, /No API route/);
});

test('the frontend is served from public/', async (t) => {
  const { baseUrl } = await startServer(t);
  const page = await fetch(`${baseUrl}/`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  assert.match(await page.text(), /<title>Taskboard<\/title>/);

  const script = await fetch(`${baseUrl}/app.js`);
  assert.match(script.headers.get('content-type'), /^text\/javascript/);
  assert.match(await script.text(), /\/api\/tasks/);

  const styles = await fetch(`${baseUrl}/styles.css`);
  assert.match(styles.headers.get('content-type'), /^text\/css/);
  await styles.arrayBuffer();

  const missing = await fetch(`${baseUrl}/nope.html`);
  assert.equal(missing.status, 404);
  await missing.arrayBuffer();
});

test('static paths cannot escape public/', async (t) => {
  const { baseUrl } = await startServer(t);
  // public/../package.json exists; fetch() would normalize "..", so send the raw path with node:http.
  const status = await new Promise((resolve, reject) => {
    const req = request(`${baseUrl}/..%2fpackage.json`, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', reject);
    req.end();
  });
  assert.equal(status, 404);
});
