import { describe, expect, test } from 'vitest';
import slugify from '../slugify.js';

describe('slugify', () => {
  test('joins words with a dash by default', () => {
    expect(slugify('some string')).toBe('some-string');
    expect(slugify('  padded   words  ')).toBe('padded-words');
  });

  test('takes the replacement as a string or an option', () => {
    expect(slugify('some string', '_')).toBe('some_string');
    expect(slugify('foo bar baz', { replacement: '.' })).toBe('foo.bar.baz');
  });

  test('an empty replacement glues the words', () => {
    expect(slugify('some string', { replacement: '' })).toBe('somestring');
  });

  test('lower and strict', () => {
    expect(slugify('Hello, World!', { lower: true, strict: true })).toBe('hello-world');
  });

  test('transliterates with the charmap and a locale', () => {
    expect(slugify('Crème brûlée')).toBe('Creme-brulee');
    expect(slugify('Ärger über Öl', { locale: 'de', lower: true })).toBe('aerger-ueber-oel');
  });

  test('remove drops the matching characters', () => {
    expect(slugify('a*b+c~d', { remove: /[*+~]/g })).toBe('abcd');
  });
});
