const semver = require('../index.js');

test('gte', () => {
  expect(semver.gte('2.0.0', '2.0.0')).toBe(true);
  expect(semver.gte('1.0.0', '2.0.0')).toBe(false);
});
