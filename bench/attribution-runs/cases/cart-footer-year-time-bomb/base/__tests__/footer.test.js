const { footerText } = require('../src/footer');

test('footer shows the year and the shop', () => {
  expect(footerText('Mugs & Co')).toBe('© 2024 Mugs & Co');
});
