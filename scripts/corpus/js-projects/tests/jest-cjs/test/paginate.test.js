const { paginate } = require('../src/util/paginate');

describe('paginate', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];

  test('returns the first page', () => {
    expect(paginate(items, 1, 2)).toEqual({ items: ['a', 'b'], page: 1, pages: 3 });
  });

  test('returns a partial last page', () => {
    expect(paginate(items, 3, 2).items).toEqual(['e']);
  });

  test('rejects page 0', () => {
    expect(() => paginate(items, 0, 2)).toThrow(RangeError);
  });
});
