import { expect, test } from 'vitest';
import { available, createReservations, createStock, quantityOf, receive, release, reorderPlan, reserve, ship, totalOf } from '../src/index.js';

test('receive adds up', () => {
  const stock = createStock([{ sku: 'bolt', location: 'A1', quantity: 2 }]);
  receive(stock, 'bolt', 'A1', 3);
  expect(quantityOf(stock, 'bolt', 'A1')).toBe(5);
});
