const { createCart, addItem, setQuantity, subtotal } = require('../src/cart');

describe('setQuantity', () => {
  let cart;
  beforeAll(async () => {
    cart = createCart();
    await addItem(cart, 'mug');
  });

  test('changes the quantity of an item', () => {
    setQuantity(cart, 'mug', 4);
    expect(subtotal(cart)).toBe(4800);
  });

  test('removes the item at zero', () => {
    setQuantity(cart, 'mug', 0);
    expect(cart.items).toEqual([]);
  });

  test('refuses a product that is not in the cart', () => {
    expect(() => setQuantity(cart, 'tee', 1)).toThrow('tee is not in the cart');
  });

  test('keeps other items', async () => {
    await addItem(cart, 'tee');
    setQuantity(cart, 'mug', 2);
    expect(subtotal(cart)).toBe(2400 + 2000);
  });
});
