const qs = require('../lib');

test('stringify encodes brackets', () => {
  expect(qs.stringify({ a: { b: 'c' } })).toBe('a%5Bb%5D=c');
});
