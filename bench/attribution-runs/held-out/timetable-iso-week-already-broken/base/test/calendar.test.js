import { expect, test } from 'vitest';
import { weekPicker } from '../src/calendar.js';

test('the picker lists the next weeks from the Monday of the given date', () => {
  expect(weekPicker('2024-05-08', 3)).toEqual([
    { week: 19, monday: '2024-05-06' },
    { week: 20, monday: '2024-05-13' },
    { week: 21, monday: '2024-05-20' },
  ]);
});
