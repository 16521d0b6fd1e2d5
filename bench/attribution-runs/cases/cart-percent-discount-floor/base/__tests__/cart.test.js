const { createCart, addItem, removeItem, subtotal, totalWeight } = require('../src/cart');

describe('cart', () => {
  test('adds items and merges quantities of the same product', async () => {
    const cart = createCart();
    await addItem(cart, 'mug');
    await addItem(cart, 'mug', 2);
    await addItem(cart, 'tee');
    expect(cart.items).toHaveLength(2);
    expect(cart.items[0]).toMatchObject({ sku: 'mug', quantity: 3 });
  });

  test('computes subtotal and weight', async () => {
    const cart = createCart();
    await addItem(cart, 'mug', 2);
    await addItem(cart, 'lamp');
    expect(subtotal(cart)).toBe(6900);
    expect(totalWeight(cart)).toBe(2000);
  });

  test('rejects unknown products and bad quantities', async () => {
    await expect(addItem(createCart(), 'sofa')).rejects.toThrow('unknown product');
    await expect(addItem(createCart(), 'mug', 0)).rejects.toThrow(RangeError);
  });

  test('removes a product', async () => {
    const cart = createCart();
    await addItem(cart, 'mug');
    await addItem(cart, 'tee');
    removeItem(cart, 'mug');
    expect(cart.items.map((i) => i.sku)).toEqual(['tee']);
  });
});
