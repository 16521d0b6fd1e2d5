const semver = require('../index.js');

test('sort', () => {
  expect(semver.sort(['1.10.0', '1.2.0', '1.9.0'])).toEqual(['1.2.0', '1.9.0', '1.10.0']);
});
