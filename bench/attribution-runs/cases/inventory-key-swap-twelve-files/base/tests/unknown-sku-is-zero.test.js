import { expect, test } from 'vitest';
import { available, createReservations, createStock, quantityOf, receive, release, reorderPlan, reserve, ship, totalOf } from '../src/index.js';

test('unknown sku is zero', () => {
  const stock = createStock([{ sku: 'pin', location: 'D4', quantity: 6 }]);
  expect(quantityOf(stock, 'pin', 'D4') - quantityOf(stock, 'cog', 'D4')).toBe(6);
});
