import { expect, test } from 'vitest';
import { available, createReservations, createStock, quantityOf, receive, release, reorderPlan, reserve, ship, totalOf } from '../src/index.js';

test('release frees', () => {
  const stock = createStock([{ sku: 'gear', location: 'A1', quantity: 3 }]);
  const r = createReservations();
  reserve(stock, r, { id: 'o1', sku: 'gear', location: 'A1', quantity: 3 });
  release(r, 'o1');
  expect(available(stock, r, 'gear', 'A1')).toBe(3);
});
