import { expect, test } from 'vitest';
import semver from '../index.js';

test('valid accepts and normalises', () => {
  expect(semver.valid('1.2.3')).toBe('1.2.3');
  expect(semver.valid('a.b.c')).toBe(null);
});
