import { expect, test } from 'vitest';
import { available, createReservations, createStock, quantityOf, receive, release, reorderPlan, reserve, ship, totalOf } from '../src/index.js';

test('available after hold', () => {
  const stock = createStock([{ sku: 'gear', location: 'A1', quantity: 5 }]);
  const r = createReservations();
  reserve(stock, r, { id: 'o1', sku: 'gear', location: 'A1', quantity: 2 });
  expect(available(stock, r, 'gear', 'A1')).toBe(3);
});
