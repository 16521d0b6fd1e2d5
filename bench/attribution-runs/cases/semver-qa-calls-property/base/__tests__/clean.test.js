const semver = require('../index.js');

test('clean strips operators and whitespace', () => {
  expect(semver.clean(' v2.0.1 ')).toBe('2.0.1');
});
