const { merge } = require('../lib/merge');

describe('merge', () => {
  test('merges nested objects', () => {
    expect(merge({ a: { b: 1 } }, { a: { c: 2 } })).toEqual({ a: { b: 1, c: 2 } });
  });

  test('refuses a primitive in strict mode', () => {
    expect(() => merge({ a: 1 }, 'x', { strictMerge: true })).toThrow(TypeError);
  });
});
