import { expect, test } from 'vitest';
import { percent, uptime } from '../src/format.js';

test('uptime shows the two largest units', () => {
  expect(uptime(45 * 60)).toBe('45m');
  expect(uptime(3 * 3600 + 5 * 60)).toBe('3h 5m');
  expect(uptime(2 * 86400 + 7 * 3600)).toBe('2d 7h');
});

test('percent has one decimal and a dash for nothing', () => {
  expect(percent(1, 3)).toBe('33.3%');
  expect(percent(0, 0)).toBe('–');
});
