import { describe, expect, test } from 'vitest';
import { match } from '../dist/index.js';

describe('match decodes params', () => {
  test('percent-encoded UTF-8', () => {
    expect(match('/users/:name')('/users/caf%C3%A9').params.name).toBe('café');
  });

  test('an encoded percent sign', () => {
    expect(match('/discounts/:code')('/discounts/50%25').params.code).toBe('50%');
  });

  test('an encoded tilde, as some proxies send it', () => {
    expect(match('/users/:name')('/users/%7Ejohn').params.name).toBe('~john');
  });

  test('each segment of a repeated param', () => {
    expect(match('/files/:path+')('/files/a/b%20c').params.path).toEqual(['a', 'b c']);
  });

  test('a decode option of the caller replaces the default', () => {
    expect(match('/raw/:x', { decode: (x) => x })('/raw/b%20c').params.x).toBe('b%20c');
  });
});
