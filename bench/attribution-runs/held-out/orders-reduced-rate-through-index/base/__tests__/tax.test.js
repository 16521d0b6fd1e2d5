const { lineTax } = require('../src');

test('tax is rounded per line, to the cent', () => {
  expect(lineTax({ cents: 333, quantity: 1 }, 'FR')).toBe(67);
  expect(lineTax({ cents: 333, quantity: 3 }, 'FR')).toBe(200);
});
