import { sum } from '../util/money.js';
import { applyDiscount } from '../util/discount.js';

export async function orderTotal(store, orderId) {
  const order = await store.getOrder(orderId);
  const subtotal = sum(order.items.map((item) => item.price * item.qty));
  return applyDiscount(subtotal, order.coupon);
}
