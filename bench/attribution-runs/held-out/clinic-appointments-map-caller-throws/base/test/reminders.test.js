import { test } from 'node:test';
import assert from 'node:assert/strict';
import { book, createBook } from '../src/appointments.js';
import { remindersFor } from '../src/reminders.js';

test('one reminder per appointment, in time order', () => {
  const store = createBook();
  book(store, { doctor: 'dr-ng', patient: 'p2', start: '2024-05-02T11:00', minutes: 30 });
  book(store, { doctor: 'dr-ng', patient: 'p1', start: '2024-05-02T09:15', minutes: 30 });
  const patients = { p1: { name: 'Ada', phone: '+4411' }, p2: { name: 'Bo', phone: '+4412' } };
  assert.deepEqual(remindersFor(store, 'dr-ng', '2024-05-02', patients), [
    { to: '+4411', text: 'Reminder: Ada, your appointment is tomorrow at 09:15.' },
    { to: '+4412', text: 'Reminder: Bo, your appointment is tomorrow at 11:00.' },
  ]);
});
