const { sum, formatCents } = require('../src/util/money');

describe('money', () => {
  test('sums cents', () => {
    expect(sum([199, 1, 300])).toBe(500);
  });

  test('formats positive amounts', () => {
    expect(formatCents(1999)).toBe('$19.99');
  });

  test('formats negative amounts', () => {
    expect(formatCents(-250)).toBe('-$2.50');
  });
});
