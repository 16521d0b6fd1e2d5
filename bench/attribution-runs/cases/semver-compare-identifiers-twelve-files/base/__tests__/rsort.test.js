const semver = require('../index.js');

test('rsort', () => {
  expect(semver.rsort(['1.2.0', '1.10.0', '1.9.0'])).toEqual(['1.10.0', '1.9.0', '1.2.0']);
});
