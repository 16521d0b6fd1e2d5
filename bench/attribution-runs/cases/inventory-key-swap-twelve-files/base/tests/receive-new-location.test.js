import { expect, test } from 'vitest';
import { available, createReservations, createStock, quantityOf, receive, release, reorderPlan, reserve, ship, totalOf } from '../src/index.js';

test('receive new location', () => {
  const stock = createStock();
  receive(stock, 'bolt', 'A1', 4);
  expect(quantityOf(stock, 'bolt', 'A1')).toBe(4);
});
