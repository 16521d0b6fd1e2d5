const { createCart, addItem } = require('../src/cart');
const { summarize, applyGiftCard } = require('../src/checkout');

describe('gift cards', () => {
  test('pay part of an order', async () => {
    const cart = await addItem(createCart(), 'lamp');
    const { summary, remaining } = applyGiftCard(summarize(cart), 2000);
    expect(summary.total).toBe(4500 + 690 - 2000);
    expect(remaining).toBe(0);
  });

  test('keep what the order does not use', async () => {
    const cart = await addItem(createCart(), 'mug');
    const { remaining } = applyGiftCard(summarize(cart), 5000);
    expect(remaining).toBe(5000 - 1590);
  });
});
