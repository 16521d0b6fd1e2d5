const equal = require('..');
const equalES6 = require('../es6');

describe('equal', () => {
  test('primitives, NaN and identity', () => {
    expect(equal(1, 1)).toBe(true);
    expect(equal('a', 'b')).toBe(false);
    expect(equal(NaN, NaN)).toBe(true);
    expect(equal(null, undefined)).toBe(false);
  });

  test('objects compare key by key, deeply', () => {
    expect(equal({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(equal({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 3] } })).toBe(false);
  });

  test('an object with an extra key is different', () => {
    expect(equal({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(equal({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(false);
  });

  test('arrays compare by length and items', () => {
    expect(equal([1, [2]], [1, [2]])).toBe(true);
    expect(equal([1, 2], [1, 2, 3])).toBe(false);
  });

  test('dates and regular expressions compare by value', () => {
    expect(equal(new Date(2024, 0, 1), new Date(2024, 0, 1))).toBe(true);
    expect(equal(/a/g, /a/g)).toBe(true);
    expect(equal(/a/g, /a/i)).toBe(false);
  });

  test('different constructors are different', () => {
    expect(equal([], {})).toBe(false);
  });
});

describe('equal (es6)', () => {
  test('maps and sets', () => {
    expect(equalES6(new Map([['a', 1]]), new Map([['a', 1]]))).toBe(true);
    expect(equalES6(new Set([1, 2]), new Set([1, 3]))).toBe(false);
  });
});
