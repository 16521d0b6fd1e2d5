/** Stock levels per SKU and location; quantities are whole units. */
export function createStock(entries = []) {
  const levels = new Map();
  for (const { sku, location, quantity } of entries) levels.set(key(sku, location), quantity);
  return { levels };
}

function key(sku, location) {
  return `${sku}@${location}`;
}

export function quantityOf(stock, sku, location) {
  return stock.levels.get(key(sku, location)) ?? 0;
}

export function totalOf(stock, sku) {
  let total = 0;
  for (const [k, q] of stock.levels) if (k.startsWith(`${sku}@`)) total += q;
  return total;
}

export function receive(stock, sku, location, quantity) {
  if (quantity <= 0) throw new RangeError('received quantity must be positive');
  stock.levels.set(key(sku, location), quantityOf(stock, sku, location) + quantity);
}

export function ship(stock, sku, location, quantity) {
  const available = quantityOf(stock, sku, location);
  if (quantity > available) throw new Error(`only ${available} of ${sku} at ${location}`);
  stock.levels.set(key(sku, location), available - quantity);
}
