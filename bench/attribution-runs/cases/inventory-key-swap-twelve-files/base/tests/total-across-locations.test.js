import { expect, test } from 'vitest';
import { available, createReservations, createStock, quantityOf, receive, release, reorderPlan, reserve, ship, totalOf } from '../src/index.js';

test('total across locations', () => {
  const stock = createStock([{ sku: 'gear', location: 'A1', quantity: 2 }, { sku: 'gear', location: 'C3', quantity: 7 }]);
  expect(totalOf(stock, 'gear')).toBe(9);
  expect(quantityOf(stock, 'gear', 'C3')).toBe(7);
});
