const semver = require('../index.js');

test('max satisfying', () => {
  expect(semver.maxSatisfying(['1.2.0', '1.4.9', '2.0.0'], '~1.4.0 || 1.2.x')).toBe('1.4.9');
});
