import { test } from 'node:test';
import assert from 'node:assert/strict';
import { book, createBook } from '../src/appointments.js';
import { freeSlots } from '../src/schedule.js';

test('free slots go around the booked appointments', () => {
  const store = createBook();
  book(store, { doctor: 'dr-ng', patient: 'p1', start: '2024-05-02T08:30', minutes: 60 });
  book(store, { doctor: 'dr-ng', patient: 'p2', start: '2024-05-02T16:00', minutes: 45 });
  book(store, { doctor: 'dr-okafor', patient: 'p3', start: '2024-05-02T08:00', minutes: 30 });
  const slots = freeSlots(store, 'dr-ng', '2024-05-02', 60);
  assert.deepEqual(slots, ['09:30', '10:30', '11:30', '12:30', '13:30', '14:30']);
});

test('no slots at the weekend', () => {
  assert.deepEqual(freeSlots(createBook(), 'dr-ng', '2024-05-04'), []);
});
