import { test } from 'node:test';
import assert from 'node:assert/strict';
import parser from '../build/lib/index.js';

test('kebab-case flags are also camelCased', () => {
  const argv = parser(['--dry-run', '--max-retries', '3']);
  assert.equal(argv.dryRun, true);
  assert.equal(argv.maxRetries, 3);
  assert.equal(argv['max-retries'], 3);
});

test('positional arguments and the double dash', () => {
  const argv = parser(['build', 'src', '--', '--not-a-flag']);
  assert.deepEqual(argv._, ['build', 'src', '--not-a-flag']);
});

test('numbers are parsed unless they look like ids', () => {
  const argv = parser(['--port', '8080', '--zip', '02134', '--hex', '0xff']);
  assert.equal(argv.port, 8080);
  assert.equal(argv.zip, '02134');
  assert.equal(argv.hex, 255);
});
