import { test } from 'node:test';
import assert from 'node:assert/strict';
import parser from '../build/lib/index.js';

test('count counts repeated short flags', () => {
  assert.equal(parser(['-vvv'], { count: ['v'] }).v, 3);
});
