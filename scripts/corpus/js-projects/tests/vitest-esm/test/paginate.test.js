import { describe, it, expect } from 'vitest';
import { paginate } from '../src/util/paginate.js';

describe('paginate', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];

  it('returns the first page', () => {
    expect(paginate(items, 1, 2)).toEqual({ items: ['a', 'b'], page: 1, pages: 3 });
  });

  it('returns a partial last page', () => {
    expect(paginate(items, 3, 2).items).toEqual(['e']);
  });

  it('rejects page 0', () => {
    expect(() => paginate(items, 0, 2)).toThrow(RangeError);
  });
});
