import { describe, expect, it } from 'vitest';
import ms from '../index.js';

describe('formatting', () => {
  it('uses the largest unit, rounded', () => {
    expect(ms(1500)).toBe('2s');
    expect(ms(36 * 60 * 60 * 1000)).toBe('2d');
  });

  it('writes long units with plurals from one and a half on', () => {
    expect(ms(60000, { long: true })).toBe('1 minute');
    expect(ms(90000, { long: true })).toBe('2 minutes');
    expect(ms(3 * 60 * 60 * 1000, { long: true })).toBe('3 hours');
  });
});
