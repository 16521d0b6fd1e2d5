import { test } from 'node:test';
import assert from 'node:assert/strict';
import parser from '../build/lib/index.js';

test('boolean flags', () => {
  assert.equal(parser(['--verbose']).verbose, true);
});
