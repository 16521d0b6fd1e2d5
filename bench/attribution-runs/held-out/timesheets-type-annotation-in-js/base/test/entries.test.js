import assert from 'node:assert/strict';
import { entryMinutes, weekTotal } from '../src/entries.js';
import { createStore } from '../src/store.js';

describe('entries', () => {
  it('subtracts the break', () => {
    assert.equal(entryMinutes({ from: '08:00', to: '16:30', breakMinutes: 30 }), 480);
  });

  it('adds up a stored week', () => {
    const store = createStore();
    store.add('ada', '2024-W19', { from: '08:00', to: '12:00' });
    store.add('ada', '2024-W19', { from: '13:00', to: '17:15' });
    store.add('bo', '2024-W19', { from: '08:00', to: '09:00' });
    assert.equal(weekTotal(store.week('ada', '2024-W19')), 495);
  });
});
