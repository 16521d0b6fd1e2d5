import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retry } from '../src/index.js';

test('retry returns the first success', async () => {
  let calls = 0;
  const value = await retry(async () => {
    calls++;
    if (calls < 3) throw new Error('flaky');
    return 'done';
  }, { attempts: 3, delayMs: 1 });
  assert.equal(value, 'done');
  assert.equal(calls, 3);
});

test('retry gives up with the last error', async () => {
  await assert.rejects(retry(async (n) => { throw new Error(`try ${n}`); }, { attempts: 2, delayMs: 1 }), /try 1/);
});
