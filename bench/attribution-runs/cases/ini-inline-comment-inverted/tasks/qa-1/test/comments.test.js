const { test } = require('node:test');
const assert = require('node:assert/strict');
const ini = require('../lib/ini');

test('a hash without whitespace before it is part of the value', () => {
  assert.equal(ini.decode('color=#ff0000\n').color, '#ff0000');
});

test('a semicolon after whitespace starts a comment', () => {
  assert.equal(ini.decode('timeout=30 ; seconds\n').timeout, '30');
});

test('whole-line comments are skipped', () => {
  assert.deepEqual(Object.keys(ini.decode('# settings\nmode=fast\n')), ['mode']);
});
