import { describe, expect, test } from 'vitest';
import { compile, match, parse, pathToRegexp } from '../dist/index.js';

describe('parse', () => {
  test('splits a route into text and parameters', () => {
    expect(parse('/users/:id')).toEqual(['/users', { name: 'id', prefix: '/', suffix: '', pattern: '[^\\/#\\?]+?', modifier: '' }]);
  });
});

describe('pathToRegexp', () => {
  test('collects the keys and matches a trailing slash', () => {
    const keys = [];
    const re = pathToRegexp('/users/:id/posts/:post', keys);
    expect(keys.map((k) => k.name)).toEqual(['id', 'post']);
    expect(re.test('/users/7/posts/12/')).toBe(true);
    expect(re.test('/users/7')).toBe(false);
  });
});

describe('compile', () => {
  test('fills the parameters in', () => {
    expect(compile('/users/:id/:tab?')({ id: 42 })).toBe('/users/42');
    expect(compile('/files/:path+')({ path: ['a', 'b'] })).toBe('/files/a/b');
  });

  test('refuses a value that does not fit the pattern', () => {
    expect(() => compile('/users/:id(\\d+)')({ id: 'abc' })).toThrow(/to match/);
  });
});

describe('match', () => {
  test('returns the params of a matching path', () => {
    expect(match('/users/:id')('/users/42')).toEqual({ path: '/users/42', index: 0, params: { id: '42' } });
  });

  test('returns false for another path', () => {
    expect(match('/users/:id')('/teams/42')).toBe(false);
  });

  test('splits repeated params', () => {
    expect(match('/files/:path+')('/files/a/b/c').params).toEqual({ path: ['a', 'b', 'c'] });
  });
});
