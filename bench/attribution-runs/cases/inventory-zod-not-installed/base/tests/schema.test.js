import { expect, test } from 'vitest';
import { parseEntries } from '../src/schema.js';

test('parses a stock file', () => {
  expect(parseEntries('[{"sku":"bolt","location":"A1","quantity":3}]')).toEqual([{ sku: 'bolt', location: 'A1', quantity: 3 }]);
});

test('rejects a bad location', () => {
  expect(() => parseEntries('[{"sku":"bolt","location":"hall","quantity":3}]')).toThrow();
});
