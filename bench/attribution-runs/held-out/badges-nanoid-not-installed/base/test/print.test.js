import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printSheet } from '../src/print.js';

test('the print sheet has the first name, colour and QR link', () => {
  const [line] = printSheet([{ name: 'Grace Hopper', company: 'Navy', role: 'speaker' }]);
  assert.equal(line.first, 'Grace');
  assert.equal(line.colour, 'orange');
  assert.match(line.qr, /^https:\/\/tickets\.example\.org\/b\/[\w-]+$/);
});
