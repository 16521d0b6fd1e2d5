'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { taxFor } = require('../src');

test('standard tax is twenty percent, rounded to the cent', () => {
  assert.equal(taxFor(1000), 200);
  assert.equal(taxFor(333), 67);
});

test('unknown categories are refused', () => {
  assert.throws(() => taxFor(100, 'luxury'), /unknown tax category/);
});
