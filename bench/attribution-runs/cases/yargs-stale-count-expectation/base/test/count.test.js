import { test } from 'node:test';
import assert from 'node:assert/strict';
import parser from '../build/lib/index.js';

test('-vvv raises the verbosity to three', () => {
  assert.equal(parser(['-vvv']).v, 3);
});
