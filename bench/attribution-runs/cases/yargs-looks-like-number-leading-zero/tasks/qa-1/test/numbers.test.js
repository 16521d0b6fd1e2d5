import { test } from 'node:test';
import assert from 'node:assert/strict';
import parser from '../build/lib/index.js';

test('decimals below one are numbers', () => {
  assert.equal(parser(['--ratio', '0.75']).ratio, 0.75);
});

test('zero-padded values stay strings', () => {
  const argv = parser(['--zip', '02134', '--build', '007']);
  assert.equal(argv.zip, '02134');
  assert.equal(argv.build, '007');
});

test('a plain zero is a number', () => {
  assert.equal(parser(['--retries', '0']).retries, 0);
});
