import { describe, expect, it } from 'vitest';
import semver from '../index.js';

describe('truncate', () => {
  it('cuts a version down to its major or minor release', () => {
    expect(semver.truncate('1.2.3', 'major')).toBe('1.0.0');
    expect(semver.truncate('1.2.3', 'minor')).toBe('1.2.0');
  });

  it('drops the prerelease and build at patch level', () => {
    expect(semver.truncate('4.5.6-beta.1+sha.7', 'patch')).toBe('4.5.6');
  });

  it('returns null for an invalid version and throws for an unknown level', () => {
    expect(semver.truncate('nope', 'minor')).toBe(null);
    expect(() => semver.truncate('1.2.3', 'build')).toThrow('Invalid truncation level');
  });
});
