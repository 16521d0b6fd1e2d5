import assert from 'node:assert/strict';
import { minutesBetween, toMinutes } from '../src/time.js';

describe('time', () => {
  it('reads hh:mm', () => {
    assert.equal(toMinutes('09:30'), 570);
    assert.throws(() => toMinutes('25:00'), /not a time/);
  });

  it('counts a night shift past midnight', () => {
    assert.equal(minutesBetween('22:00', '06:00'), 480);
  });
});
