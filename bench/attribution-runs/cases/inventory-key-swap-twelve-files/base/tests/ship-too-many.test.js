import { expect, test } from 'vitest';
import { available, createReservations, createStock, quantityOf, receive, release, reorderPlan, reserve, ship, totalOf } from '../src/index.js';

test('ship too many', () => {
  const stock = createStock([{ sku: 'nut', location: 'B1', quantity: 1 }]);
  expect(() => ship(stock, 'nut', 'B1', 2)).toThrow('only 1 of nut at B1');
});
