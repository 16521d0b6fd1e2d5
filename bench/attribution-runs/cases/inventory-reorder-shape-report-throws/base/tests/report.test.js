import { expect, test } from 'vitest';
import { formatReorderPlan } from '../src/report.js';

test('lists one line per SKU', () => {
  expect(formatReorderPlan([{ sku: 'bolt', packs: 2, units: 50 }])).toBe('bolt: 2 pack(s), 50 units');
});

test('says when there is nothing to do', () => {
  expect(formatReorderPlan([])).toBe('Nothing to reorder.');
});
