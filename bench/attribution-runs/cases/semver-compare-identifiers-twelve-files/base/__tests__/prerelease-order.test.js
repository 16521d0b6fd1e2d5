const semver = require('../index.js');

test('prerelease order', () => {
  expect(semver.compare('1.0.0-alpha.10', '1.0.0-alpha.2')).toBe(1);
  expect(semver.lt('1.0.0-alpha', '1.0.0')).toBe(true);
});
