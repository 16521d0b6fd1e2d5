'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { toCents, formatMoney, allocate } = require('../src');

test('toCents accepts numbers and decimal strings', () => {
  assert.equal(toCents(12.34), 1234);
  assert.equal(toCents('0,10'), 10);
  assert.throws(() => toCents('abc'), TypeError);
});

test('formatMoney shows two decimals and the currency', () => {
  assert.equal(formatMoney(123456), '1234.56 EUR');
  assert.equal(formatMoney(-5, 'USD'), '-0.05 USD');
});

test('allocate spreads the remainder over the first parts', () => {
  assert.deepEqual(allocate(100, 3), [34, 33, 33]);
  assert.deepEqual(allocate(5, 5), [1, 1, 1, 1, 1]);
  assert.throws(() => allocate(10, 0), RangeError);
});
