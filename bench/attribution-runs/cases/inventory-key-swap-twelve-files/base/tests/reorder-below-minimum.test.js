import { expect, test } from 'vitest';
import { available, createReservations, createStock, quantityOf, receive, release, reorderPlan, reserve, ship, totalOf } from '../src/index.js';

test('reorder below minimum', () => {
  const stock = createStock([{ sku: 'bolt', location: 'A1', quantity: 1 }]);
  ship(stock, 'bolt', 'A1', 1);
  expect(reorderPlan(stock, [{ sku: 'bolt', minimum: 5, target: 10, packSize: 10 }])).toEqual([{ sku: 'bolt', packs: 1, units: 10 }]);
});
