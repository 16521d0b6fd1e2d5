import { expect, test } from 'vitest';
import dayjs from '../esm/index.js';

test('formats a UTC date', () => {
  expect(dayjs('2024-03-05T10:20:00.000Z').toISOString()).toBe('2024-03-05T10:20:00.000Z');
});

test('adds and compares', () => {
  const start = dayjs('2024-01-31');
  expect(start.add(1, 'day').isAfter(start)).toBe(true);
  expect(start.add(1, 'month').month()).toBe(1);
});
