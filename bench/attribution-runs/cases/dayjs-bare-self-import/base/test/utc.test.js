import { expect, test } from 'vitest';
import dayjs from 'dayjs/esm/index.js';
import utc from 'dayjs/esm/plugin/utc/index.js';

dayjs.extend(utc);

test('utc keeps the wall time in UTC', () => {
  expect(dayjs.utc('2024-03-05T10:20:00Z').format('HH:mm')).toBe('10:20');
});
