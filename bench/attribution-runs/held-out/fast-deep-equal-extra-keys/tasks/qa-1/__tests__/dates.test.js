const equal = require('..');

test('dates with the same time are equal, whatever their objects', () => {
  const a = new Date('2024-03-01T10:00:00Z');
  const b = new Date(a.getTime());
  expect(equal(a, b)).toBe(true);
  expect(equal({ at: a }, { at: b })).toBe(true);
});

test('dates a millisecond apart differ', () => {
  expect(equal(new Date(1_000), new Date(1_001))).toBe(false);
});

test('invalid dates are never equal: their time is NaN', () => {
  expect(equal(new Date('nope'), new Date('also nope'))).toBe(false);
});
