import { beforeAll, describe, expect, it } from 'vitest';
import dayjs from '../esm/index.js';
import isBetween from '../esm/plugin/isBetween/index.js';

describe('isBetween', () => {
  beforeAll(() => dayjs.extend(isBetween));

  it('excludes both bounds by default', () => {
    expect(dayjs('2024-05-10').isBetween('2024-05-01', '2024-05-31')).toBe(true);
    expect(dayjs('2024-05-31').isBetween('2024-05-01', '2024-05-31')).toBe(false);
  });

  it('includes a bound written with a square bracket', () => {
    expect(dayjs('2024-05-31').isBetween('2024-05-01', '2024-05-31', 'day', '(]')).toBe(true);
    expect(dayjs('2024-05-01').isBetween('2024-05-01', '2024-05-31', 'day', '[)')).toBe(true);
  });
});
