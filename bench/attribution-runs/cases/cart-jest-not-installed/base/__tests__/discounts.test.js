const { discountFor } = require('../src/discounts');

test.each([
  ['WELCOME10', 2000, 200],
  ['WELCOME10', 1999, 200],
  ['FIVEOFF', 3000, 500],
  ['FIVEOFF', 2000, 0],
  ['NOPE', 3000, 0],
])('discountFor(%s, %i) is %i', (code, subtotal, expected) => {
  expect(discountFor(code, subtotal)).toBe(expected);
});
