const { createCart, addItems, subtotal } = require('../src/cart');
const { summarize } = require('../src/checkout');

describe('addItems', () => {
  test('adds every entry of a bundle', async () => {
    const cart = await addItems(createCart(), [['mug', 1], ['tee', 2]]);
    expect(cart.items.map((i) => [i.sku, i.quantity])).toEqual([['mug', 1], ['tee', 2]]);
    expect(subtotal(cart)).toBe(5200);
  });

  test('a bundle over 50.00 ships for free', async () => {
    const cart = await addItems(createCart(), [['lamp', 1], ['poster', 1]]);
    expect(summarize(cart).shipping).toBe(0);
  });
});
