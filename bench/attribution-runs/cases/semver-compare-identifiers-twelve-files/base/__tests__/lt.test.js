const semver = require('../index.js');

test('lt', () => {
  expect(semver.lt('0.9.0', '0.10.0')).toBe(true);
});
