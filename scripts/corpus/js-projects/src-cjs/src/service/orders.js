const { sum } = require('../util/money');
const { applyDiscount } = require('../util/discount');

async function orderTotal(store, orderId) {
  const order = await store.getOrder(orderId);
  const subtotal = sum(order.items.map((item) => item.price * item.qty));
  return applyDiscount(subtotal, order.coupon);
}

module.exports = { orderTotal };
