const semver = require('../index.js');

test('min satisfying', () => {
  expect(semver.minSatisfying(['1.2.0', '1.4.9', '2.0.0'], '>=1.3.0')).toBe('1.4.9');
});
