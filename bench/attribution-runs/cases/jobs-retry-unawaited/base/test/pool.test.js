import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapPool, sleep } from '../src/index.js';

test('mapPool keeps order and limits concurrency', async () => {
  let running = 0;
  let peak = 0;
  const out = await mapPool([30, 10, 20, 5], 2, async (ms, i) => {
    running++;
    peak = Math.max(peak, running);
    await sleep(ms);
    running--;
    return i * 10;
  });
  assert.deepEqual(out, [0, 10, 20, 30]);
  assert.equal(peak, 2);
});

test('mapPool on no items', async () => {
  assert.deepEqual(await mapPool([], 4, async () => 1), []);
});
