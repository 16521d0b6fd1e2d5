const semver = require('../index.js');

describe('coerce', () => {
  test('reads the version out of a tag name', () => {
    const v = semver.coerce('release/v4.2');
    expect(v.version).toBe('4.2.0');
    expect(semver.parse(v.version).major()).toBe(4);
  });

  test('ignores overlong input', () => {
    expect(semver.coerce('1'.repeat(300))).toBeNull();
  });
});
