import assert from 'node:assert/strict';
import { sum, formatCents } from '../src/util/money.js';

describe('money', () => {
  it('sums cents', () => {
    assert.equal(sum([199, 1, 300]), 500);
  });

  it('formats positive amounts', () => {
    assert.equal(formatCents(1999), '$19.99');
  });

  it('formats negative amounts', () => {
    assert.equal(formatCents(-250), '-$2.50');
  });
});
