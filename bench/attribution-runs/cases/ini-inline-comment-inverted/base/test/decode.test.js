const { test } = require('node:test');
const assert = require('node:assert/strict');
const ini = require('../lib/ini');

test('decodes a section', () => {
  assert.deepEqual({ ...ini.decode('[a]\nb=c\n').a }, { b: 'c' });
});
