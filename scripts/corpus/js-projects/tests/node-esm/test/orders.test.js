import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createStore } from '../src/data/store.js';
import { orderTotal } from '../src/service/orders.js';
import { seed } from './seed.js';

describe('orderTotal', () => {
  it('adds up line items', async () => {
    assert.equal(await orderTotal(createStore(seed), 10), 1500);
  });

  it('applies a percent coupon', async () => {
    assert.equal(await orderTotal(createStore(seed), 11), 1800);
  });
});
