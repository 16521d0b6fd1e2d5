import { describe, expect, it } from 'vitest';
import { createStock, reorderPlan } from '../src/index.js';
import { formatReorderPlan } from '../src/report.js';

describe('purchasing e-mail', () => {
  it('lists what to reorder from the current stock', () => {
    const stock = createStock([{ sku: 'bolt', location: 'A1', quantity: 3 }]);
    const plan = reorderPlan(stock, [{ sku: 'bolt', minimum: 10, target: 40, packSize: 25 }]);
    expect(formatReorderPlan(plan)).toBe('bolt: 2 pack(s), 50 units');
  });

  it('says nothing is needed when stock is high', () => {
    const stock = createStock([{ sku: 'bolt', location: 'A1', quantity: 300 }]);
    expect(formatReorderPlan(reorderPlan(stock, [{ sku: 'bolt', minimum: 10, target: 40, packSize: 25 }]))).toBe('Nothing to reorder.');
  });
});
