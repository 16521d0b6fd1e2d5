'use strict';

const { subtotal, totalWeight } = require('./cart');
const { discountFor } = require('./discounts');
const { shippingFor } = require('./shipping');

/** The amounts a customer sees before paying. */
function summarize(cart, code) {
  const sub = subtotal(cart);
  const discount = discountFor(code, sub);
  const shipping = shippingFor(sub - discount, totalWeight(cart));
  return { subtotal: sub, discount, shipping, total: sub - discount + shipping };
}

module.exports = { summarize };
