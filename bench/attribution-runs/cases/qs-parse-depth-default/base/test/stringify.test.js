'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const qs = require('../lib');

test('stringify encodes nested objects with brackets', () => {
  assert.equal(qs.stringify({ filter: { status: 'open' } }, { encodeValuesOnly: true }), 'filter[status]=open');
});

test('stringify round-trips through parse', () => {
  const value = { page: '2', sort: ['name', '-created'], filter: { owner: { name: 'ada' } } };
  assert.deepEqual(qs.parse(qs.stringify(value)), value);
});
