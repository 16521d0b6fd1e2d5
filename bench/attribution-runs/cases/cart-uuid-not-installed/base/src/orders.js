'use strict';

const { v4: uuidv4 } = require('uuid');
const { summarize } = require('./checkout');

function placeOrder(cart, code) {
  if (cart.items.length === 0) throw new Error('the cart is empty');
  return { id: uuidv4(), items: cart.items.map((i) => ({ ...i })), ...summarize(cart, code), status: 'placed' };
}

function cancelOrder(order) {
  if (order.status !== 'placed') throw new Error(`cannot cancel a ${order.status} order`);
  return { ...order, status: 'cancelled' };
}

module.exports = { placeOrder, cancelOrder };
