const semver = require('../index.js');

test('satisfies', () => {
  expect(semver.satisfies('1.4.2', '^1.2.0')).toBe(true);
  expect(semver.satisfies('2.0.0', '^1.2.0')).toBe(false);
});
