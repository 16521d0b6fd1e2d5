import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sleep, withTimeout } from '../src/index.js';

test('withTimeout passes a fast result through', async () => {
  assert.equal(await withTimeout(sleep(1).then(() => 'ok'), 200), 'ok');
});

test('withTimeout rejects a promise that never settles', async () => {
  await assert.rejects(withTimeout(new Promise(() => {}), 20), /timed out after 20 ms/);
});

test('withTimeout uses the given message', async () => {
  await assert.rejects(withTimeout(sleep(500), 10, 'payment provider is slow'), /payment provider is slow/);
});
