import { describe, expect, it } from 'vitest';
import picomatch from '../index.js';

describe('picomatch', () => {
  it('matches stars within one segment', () => {
    expect(picomatch('*.js')('app.js')).toBe(true);
    expect(picomatch('*.js')('lib/app.js')).toBe(false);
  });

  it('matches globstars across segments', () => {
    expect(picomatch('src/**/*.test.js')('src/a/b/c.test.js')).toBe(true);
  });

  it('matches the basename when asked', () => {
    expect(picomatch.isMatch('lib/deep/app.js', '*.js', { basename: true })).toBe(true);
    expect(picomatch.isMatch('lib/deep/app.ts', '*.js', { basename: true })).toBe(false);
  });

  it('supports negation and braces', () => {
    expect(picomatch.isMatch('a.md', '!*.js')).toBe(true);
    expect(picomatch.isMatch('b.ts', '*.{js,ts}')).toBe(true);
  });
});
