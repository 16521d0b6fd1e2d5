const { formatPrice } = require('../src/price');

test('formats cents in the shop currency', () => {
  expect(formatPrice(1999)).toBe('19,99\u00a0€');
  expect(formatPrice(1999, 'USD', 'en-US')).toBe('$19.99');
});
