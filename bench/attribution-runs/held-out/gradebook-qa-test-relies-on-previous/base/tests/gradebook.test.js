import { beforeEach, expect, test } from 'vitest';
import { createGradebook } from '../src/gradebook.js';

let book;
beforeEach(() => {
  book = createGradebook();
});

test('scores are kept per student, in order', () => {
  book.add('ada', 91);
  book.add('bob', 72);
  book.add('ada', 84);
  expect(book.scores('ada')).toEqual([91, 84]);
  expect(book.students()).toEqual(['ada', 'bob']);
});

test('the average of a student without scores is undefined', () => {
  expect(book.average('nobody')).toBeUndefined();
});

test('scores outside 0-100 are refused', () => {
  expect(() => book.add('ada', 101)).toThrow(RangeError);
  expect(() => book.add('ada', Number.NaN)).toThrow(RangeError);
});
