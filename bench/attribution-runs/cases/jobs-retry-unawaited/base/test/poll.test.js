import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../src/index.js';

test('waitFor resolves once the check has a value', async () => {
  let n = 0;
  const value = await waitFor(() => (++n >= 3 ? n : undefined), { intervalMs: 1 });
  assert.equal(value, 3);
});

test('waitFor gives up after its timeout', async () => {
  await assert.rejects(waitFor(() => undefined, { intervalMs: 1, timeoutMs: 20 }), /within 20 ms/);
});
