const { createCart, addItem } = require('../src/cart');
const { summarize } = require('../src/checkout');

async function cartWith(...entries) {
  const cart = createCart();
  for (const [sku, quantity] of entries) await addItem(cart, sku, quantity);
  return cart;
}

describe('summarize', () => {
  test('charges shipping below the free threshold', async () => {
    const summary = summarize(await cartWith(['mug', 1]));
    expect(summary).toEqual({ subtotal: 1200, discount: 0, shipping: 390, total: 1590 });
  });

  test('ships for free from 50.00', async () => {
    const summary = summarize(await cartWith(['lamp', 1], ['tee', 1]));
    expect(summary.shipping).toBe(0);
    expect(summary.total).toBe(6500);
  });

  test('applies a percentage code before shipping', async () => {
    const summary = summarize(await cartWith(['tee', 2]), 'WELCOME10');
    expect(summary.discount).toBe(400);
    expect(summary.total).toBe(3600 + 390);
  });

  test('ignores a fixed code under its minimum', async () => {
    const summary = summarize(await cartWith(['mug', 1]), 'FIVEOFF');
    expect(summary.discount).toBe(0);
  });
});
