const semver = require('../index.js');

test('lte', () => {
  expect(semver.lte('1.2.3', '1.2.4')).toBe(true);
});
