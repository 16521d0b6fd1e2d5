const assert = require('node:assert/strict');
const { sum, formatCents } = require('../src/util/money');

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
