import { test } from 'node:test';
import assert from 'node:assert/strict';
import { book, cancel, createBook } from '../src/appointments.js';

test('booking gives increasing ids', () => {
  const store = createBook();
  const a = book(store, { doctor: 'dr-ng', patient: 'p1', start: '2024-05-02T09:00', minutes: 30 });
  const b = book(store, { doctor: 'dr-ng', patient: 'p2', start: '2024-05-02T10:00', minutes: 30 });
  assert.deepEqual([a.id, b.id], [1, 2]);
});

test('cancel says whether there was such an appointment', () => {
  const store = createBook();
  const a = book(store, { doctor: 'dr-ng', patient: 'p1', start: '2024-05-02T09:00', minutes: 30 });
  assert.equal(cancel(store, a.id), true);
  assert.equal(cancel(store, a.id), false);
});
