import { expect, test } from 'vitest';
import ms from '../index.js';

test('parses units', () => {
  expect(ms('2 days')).toBe(172800000);
  expect(ms('1.5h')).toBe(5400000);
  expect(ms('100')).toBe(100);
});

test('rejects garbage', () => {
  expect(ms('soon')).toBeUndefined();
  expect(() => ms('')).toThrow('val is not a non-empty string');
});
