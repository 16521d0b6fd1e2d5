import { test } from 'node:test';
import assert from 'node:assert/strict';
import parser from '../build/lib/index.js';

test('a string argv keeps quoted values together', () => {
  const argv = parser('--name "Ada Lovelace" --role admin');
  assert.equal(argv.name, 'Ada Lovelace');
  assert.equal(argv.role, 'admin');
});
