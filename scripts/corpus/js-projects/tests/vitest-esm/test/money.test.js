import { describe, it, expect } from 'vitest';
import { sum, formatCents } from '../src/util/money.js';

describe('money', () => {
  it('sums cents', () => {
    expect(sum([199, 1, 300])).toBe(500);
  });

  it('formats positive amounts', () => {
    expect(formatCents(1999)).toBe('$19.99');
  });

  it('formats negative amounts', () => {
    expect(formatCents(-250)).toBe('-$2.50');
  });
});
