const { createCart, addItem } = require('../src/cart');
const { placeOrder, cancelOrder } = require('../src/orders');

test('an order gets an id and the cart summary', async () => {
  const order = placeOrder(await addItem(createCart(), 'mug'));
  expect(order.id).toMatch(/^[0-9a-f-]{36}$/);
  expect(order.total).toBe(1590);
});

test('only placed orders can be cancelled', async () => {
  const order = cancelOrder(placeOrder(await addItem(createCart(), 'mug')));
  expect(() => cancelOrder(order)).toThrow('cannot cancel a cancelled order');
});
