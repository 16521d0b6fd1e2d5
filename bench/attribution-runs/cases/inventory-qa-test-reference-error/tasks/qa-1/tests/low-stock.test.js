import { describe, expect, it } from 'vitest';
import { createStock, lowStock } from '../src/index.js';

describe('lowStock', () => {
  const entries = [
    { sku: 'bolt', location: 'A1', quantity: 3 },
    { sku: 'bolt', location: 'B1', quantity: 4 },
    { sku: 'nut', location: 'A1', quantity: 1 },
    { sku: 'gear', location: 'A1', quantity: 40 },
  ];

  it('sums every location and sorts lowest first', () => {
    const stock = createStock(entries);
    expect(lowStock(stok, 10)).toEqual(['nut', 'bolt']);
  });

  it('is empty when everything is above the threshold', () => {
    expect(lowStock(createStock(entries), 1)).toEqual([]);
  });
});
