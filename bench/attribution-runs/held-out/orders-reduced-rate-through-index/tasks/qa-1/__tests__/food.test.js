const { orderTotals, rateFor } = require('../src');

const coffee = { sku: 'coffee-beans', category: 'food', cents: 1_000, quantity: 1 };
const mug = { sku: 'mug', cents: 1_000, quantity: 1 };

describe('food is taxed at the reduced rate', () => {
  test.each([
    ['DE', 1_070],
    ['FR', 1_055],
    ['NL', 1_090],
  ])('in %s', (region, total) => {
    expect(orderTotals({ region, lines: [coffee] }).total).toBe(total);
  });

  test('other goods keep the standard rate in the same order', () => {
    expect(orderTotals({ region: 'DE', lines: [coffee, mug] })).toEqual({ net: 2_000, tax: 260, total: 2_260 });
  });

  test('the rate of a food line is below the standard rate everywhere', () => {
    for (const region of ['DE', 'FR', 'NL']) expect(rateFor(coffee, region)).toBeLessThan(rateFor(mug, region));
  });
});
