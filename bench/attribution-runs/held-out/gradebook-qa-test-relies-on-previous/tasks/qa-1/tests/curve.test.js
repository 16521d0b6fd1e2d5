import { beforeEach, describe, expect, test } from 'vitest';
import { createGradebook } from '../src/gradebook.js';
import { curve } from '../src/curve.js';

describe('curve', () => {
  let book;
  beforeEach(() => {
    book = createGradebook();
  });

  test('records the scores to be curved', () => {
    book.add('ada', 80);
    book.add('ada', 95);
    book.add('bob', 55);
    expect(book.average('ada')).toBe(87.5);
  });

  test('lifts every score by the given points, capped at 100', () => {
    curve(book, 10);
    expect(book.scores('ada')).toEqual([90, 100]);
    expect(book.scores('bob')).toEqual([65]);
  });

  test('a curve of zero points changes nothing', () => {
    book.add('cy', 70);
    curve(book, 0);
    expect(book.scores('cy')).toEqual([70]);
  });

  test('negative points are refused', () => {
    expect(() => curve(book, -5)).toThrow(RangeError);
  });
});
