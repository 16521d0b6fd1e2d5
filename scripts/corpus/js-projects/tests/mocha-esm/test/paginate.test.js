import assert from 'node:assert/strict';
import { paginate } from '../src/util/paginate.js';

describe('paginate', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];

  it('returns the first page', () => {
    assert.deepEqual(paginate(items, 1, 2), { items: ['a', 'b'], page: 1, pages: 3 });
  });

  it('returns a partial last page', () => {
    assert.deepEqual(paginate(items, 3, 2).items, ['e']);
  });

  it('rejects page 0', () => {
    assert.throws(() => paginate(items, 0, 2), RangeError);
  });
});
