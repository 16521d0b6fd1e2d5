import { describe, expect, it } from 'vitest';
import { createStock, quantityOf, receive, ship, totalOf } from '../src/index.js';

describe('stock', () => {
  it('tracks quantities per location', () => {
    const stock = createStock([{ sku: 'bolt', location: 'A1', quantity: 10 }]);
    receive(stock, 'bolt', 'B2', 5);
    expect(quantityOf(stock, 'bolt', 'A1')).toBe(10);
    expect(totalOf(stock, 'bolt')).toBe(15);
  });

  it('refuses to ship more than is there', () => {
    const stock = createStock([{ sku: 'nut', location: 'A1', quantity: 3 }]);
    expect(() => ship(stock, 'nut', 'A1', 4)).toThrow('only 3 of nut at A1');
    ship(stock, 'nut', 'A1', 3);
    expect(quantityOf(stock, 'nut', 'A1')).toBe(0);
  });
});
