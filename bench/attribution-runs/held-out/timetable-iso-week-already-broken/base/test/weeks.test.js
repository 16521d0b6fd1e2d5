import { describe, expect, test } from 'vitest';
import { addWeeks, isoWeek, mondayOf } from '../src/weeks.js';

describe('isoWeek', () => {
  test('a date in the middle of the year', () => {
    expect(isoWeek('2024-05-08')).toBe(19);
  });

  test('the first days of January can belong to the previous year', () => {
    expect(isoWeek('2021-01-01')).toBe(53);
    expect(isoWeek('2023-01-01')).toBe(52);
  });

  test('the last days of December can belong to week 1', () => {
    expect(isoWeek('2024-12-30')).toBe(1);
  });
});

describe('addWeeks and mondayOf', () => {
  test('move by whole weeks and back to Monday', () => {
    expect(addWeeks('2024-05-08', 2)).toBe('2024-05-22');
    expect(mondayOf('2024-05-12')).toBe('2024-05-06');
  });
});
