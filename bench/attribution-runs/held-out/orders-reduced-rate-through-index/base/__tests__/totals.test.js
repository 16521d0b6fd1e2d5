const { orderTotals, regions } = require('../src');

test('totals add the VAT of the delivery country', () => {
  const order = { region: 'DE', lines: [{ sku: 'mug', cents: 1_200, quantity: 2 }, { sku: 'tee', cents: 1_999, quantity: 1 }] };
  expect(orderTotals(order)).toEqual({ net: 4_399, tax: 836, total: 5_235 });
});

test('the Dutch rate is 21%', () => {
  expect(orderTotals({ region: 'NL', lines: [{ sku: 'mug', cents: 1_000, quantity: 1 }] }).total).toBe(1_210);
});

test('the shop delivers to these countries', () => {
  expect(regions()).toEqual(['DE', 'FR', 'NL']);
});
