const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { createStore } = require('../src/data/store');
const { orderTotal } = require('../src/service/orders');
const { seed } = require('./seed');

describe('orderTotal', () => {
  it('adds up line items', async () => {
    assert.equal(await orderTotal(createStore(seed), 10), 1500);
  });

  it('applies a percent coupon', async () => {
    assert.equal(await orderTotal(createStore(seed), 11), 1800);
  });
});
