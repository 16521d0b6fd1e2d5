'use strict';

const { findProduct } = require('./catalog');

function createCart() {
  return { items: [] };
}

async function addItem(cart, sku, quantity = 1) {
  if (!Number.isInteger(quantity) || quantity < 1) throw new RangeError('quantity must be a positive integer');
  const product = await findProduct(sku);
  const existing = cart.items.find((i) => i.sku === sku);
  if (existing) existing.quantity += quantity;
  else cart.items.push({ sku, name: product.name, priceCents: product.priceCents, weightGrams: product.weightGrams, quantity });
  return cart;
}

function removeItem(cart, sku) {
  cart.items = cart.items.filter((i) => i.sku !== sku);
  return cart;
}

function subtotal(cart) {
  return cart.items.reduce((sum, i) => sum + i.priceCents * i.quantity, 0);
}

function totalWeight(cart) {
  return cart.items.reduce((sum, i) => sum + i.weightGrams * i.quantity, 0);
}

module.exports = { createCart, addItem, removeItem, subtotal, totalWeight };
