const semver = require('../index.js');

test('compare', () => {
  expect(semver.compare('1.2.3', '1.10.0')).toBe(-1);
  expect(semver.compare('3.0.0', '2.9.9')).toBe(1);
});
