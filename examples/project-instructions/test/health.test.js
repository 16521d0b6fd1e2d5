import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { health } from '../src/server/health.js';

describe('health', () => {
  it('is ok', () => assert.deepEqual(health(), { ok: true }));
});
