import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextDailyRun } from '../src/schedule.js';

test('a daily job runs later today when its hour is still ahead', () => {
  assert.equal(nextDailyRun('2024-05-01T06:30:00Z', 9), '2024-05-01T09:00:00Z');
});

test('a daily job runs tomorrow when its hour has passed', () => {
  assert.equal(nextDailyRun('2024-05-01T10:00:00Z', 9), '2024-05-02T09:00:00Z');
});
