import { expect, test } from 'vitest';
import { available, createReservations, createStock, quantityOf, receive, release, reorderPlan, reserve, ship, totalOf } from '../src/index.js';

test('reorder enough', () => {
  const stock = createStock([{ sku: 'bolt', location: 'A1', quantity: 8 }]);
  expect(quantityOf(stock, 'bolt', 'A1')).toBe(8);
  expect(reorderPlan(stock, [{ sku: 'bolt', minimum: 5, target: 10, packSize: 10 }])).toEqual([]);
});
