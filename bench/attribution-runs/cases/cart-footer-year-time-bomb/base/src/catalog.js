'use strict';

/** The product catalogue; async because production reads it from the database. */
const PRODUCTS = [
  { sku: 'mug', name: 'Mug', priceCents: 1200, weightGrams: 350 },
  { sku: 'tee', name: 'T-shirt', priceCents: 2000, weightGrams: 200 },
  { sku: 'poster', name: 'Poster', priceCents: 1500, weightGrams: 120 },
  { sku: 'lamp', name: 'Desk lamp', priceCents: 4500, weightGrams: 1300 },
];

/** Stands in for the database round trip of the production catalogue. */
const roundTrip = () => new Promise((resolve) => setImmediate(resolve));

async function findProduct(sku) {
  await roundTrip();
  const product = PRODUCTS.find((p) => p.sku === sku);
  if (!product) throw new Error(`unknown product: ${sku}`);
  return { ...product };
}

async function listProducts() {
  await roundTrip();
  return PRODUCTS.map((p) => ({ ...p }));
}

module.exports = { findProduct, listProducts };
