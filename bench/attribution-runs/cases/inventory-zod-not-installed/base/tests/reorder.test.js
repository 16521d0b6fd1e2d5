import { expect, test } from 'vitest';
import { createStock, reorderPlan } from '../src/index.js';

test('reorders up to the target in whole packs', () => {
  const stock = createStock([
    { sku: 'bolt', location: 'A1', quantity: 3 },
    { sku: 'nut', location: 'A1', quantity: 50 },
  ]);
  const plan = reorderPlan(stock, [
    { sku: 'bolt', minimum: 10, target: 40, packSize: 25 },
    { sku: 'nut', minimum: 20, target: 100, packSize: 50 },
  ]);
  expect(plan).toEqual([{ sku: 'bolt', packs: 2, units: 50 }]);
});
