import { expect, test } from 'vitest';
import { available, createReservations, createStock, quantityOf, receive, release, reorderPlan, reserve, ship, totalOf } from '../src/index.js';

test('ship then receive', () => {
  const stock = createStock([{ sku: 'pin', location: 'D4', quantity: 6 }]);
  ship(stock, 'pin', 'D4', 6);
  receive(stock, 'pin', 'D4', 2);
  expect(quantityOf(stock, 'pin', 'D4')).toBe(2);
});
