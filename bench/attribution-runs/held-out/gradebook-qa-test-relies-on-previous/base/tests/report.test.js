import { expect, test } from 'vitest';
import { createGradebook } from '../src/gradebook.js';
import { letter, reportCard } from '../src/report.js';

test('letters follow the school scale', () => {
  expect(letter(95)).toBe('A');
  expect(letter(80)).toBe('B');
  expect(letter(59.9)).toBe('F');
});

test('the report card rounds the average to one decimal', () => {
  const book = createGradebook();
  book.add('ada', 91);
  book.add('ada', 84);
  book.add('ada', 80);
  expect(reportCard(book)).toEqual([{ student: 'ada', average: 85, letter: 'B' }]);
});
