import { describe, it, expect } from 'vitest';
import { createStore } from '../src/data/store.js';
import { orderTotal } from '../src/service/orders.js';
import { seed } from './seed.js';

describe('orderTotal', () => {
  it('adds up line items', async () => {
    expect(await orderTotal(createStore(seed), 10)).toBe(1500);
  });

  it('applies a percent coupon', async () => {
    expect(await orderTotal(createStore(seed), 11)).toBe(1800);
  });
});
