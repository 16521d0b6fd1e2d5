import { quantityOf } from './stock.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `quantity` units of `sku` are at `location` (goods-in scanning updates the stock). */
export async function waitForStock(stock, sku, location, quantity, { intervalMs = 10 } = {}) {
  while (quantityOf(stock, location, sku) < quantity) {
    await sleep(intervalMs);
  }
  return quantityOf(stock, sku, location);
}
