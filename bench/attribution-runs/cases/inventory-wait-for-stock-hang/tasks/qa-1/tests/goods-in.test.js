import { expect, test } from 'vitest';
import { createStock, receive, waitForStock } from '../src/index.js';

test('waitForStock resolves when the delivery is scanned', async () => {
  const stock = createStock();
  setTimeout(() => receive(stock, 'bolt', 'A1', 12), 20);
  await expect(waitForStock(stock, 'bolt', 'A1', 10)).resolves.toBe(12);
});

test('waitForStock resolves at once when the stock is there', async () => {
  const stock = createStock([{ sku: 'nut', location: 'B2', quantity: 5 }]);
  expect(await waitForStock(stock, 'nut', 'B2', 5)).toBe(5);
});
