const semver = require('../index.js');

test('diff', () => {
  expect(semver.diff('1.2.3', '1.3.0')).toBe('minor');
  expect(semver.diff('2.0.0', '1.9.9')).toBe('major');
});
