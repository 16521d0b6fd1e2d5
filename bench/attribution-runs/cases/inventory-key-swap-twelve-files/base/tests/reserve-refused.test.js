import { expect, test } from 'vitest';
import { available, createReservations, createStock, quantityOf, receive, release, reorderPlan, reserve, ship, totalOf } from '../src/index.js';

test('reserve refused', () => {
  const stock = createStock([{ sku: 'gear', location: 'A1', quantity: 1 }]);
  const r = createReservations();
  expect(reserve(stock, r, { id: 'o1', sku: 'gear', location: 'A1', quantity: 1 }).ok).toBe(true);
  expect(reserve(stock, r, { id: 'o2', sku: 'gear', location: 'A1', quantity: 1 }).ok).toBe(false);
});
