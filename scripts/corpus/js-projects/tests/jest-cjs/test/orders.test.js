const { createStore } = require('../src/data/store');
const { orderTotal } = require('../src/service/orders');
const { seed } = require('./seed');

describe('orderTotal', () => {
  test('adds up line items', async () => {
    expect(await orderTotal(createStore(seed), 10)).toBe(1500);
  });

  test('applies a percent coupon', async () => {
    expect(await orderTotal(createStore(seed), 11)).toBe(1800);
  });
});
