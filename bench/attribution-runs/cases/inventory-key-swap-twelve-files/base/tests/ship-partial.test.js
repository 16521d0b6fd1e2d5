import { expect, test } from 'vitest';
import { available, createReservations, createStock, quantityOf, receive, release, reorderPlan, reserve, ship, totalOf } from '../src/index.js';

test('ship partial', () => {
  const stock = createStock([{ sku: 'nut', location: 'B1', quantity: 9 }]);
  ship(stock, 'nut', 'B1', 4);
  expect(quantityOf(stock, 'nut', 'B1')).toBe(5);
});
