const semver = require('../index.js');

test('gt', () => {
  expect(semver.gt('1.10.0', '1.9.0')).toBe(true);
  expect(semver.gt('1.0.0', '1.0.1')).toBe(false);
});
