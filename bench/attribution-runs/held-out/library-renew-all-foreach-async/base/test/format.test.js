const { test } = require('node:test');
const assert = require('node:assert/strict');
const { dueLabel } = require('../src/format');

test('dueLabel counts the days left or overdue', () => {
  assert.equal(dueLabel({ due: '2024-03-15' }, '2024-03-15'), 'due today');
  assert.equal(dueLabel({ due: '2024-03-16' }, '2024-03-15'), 'due in 1 day');
  assert.equal(dueLabel({ due: '2024-03-20' }, '2024-03-15'), 'due in 5 days');
  assert.equal(dueLabel({ due: '2024-03-13' }, '2024-03-15'), 'overdue by 2 days');
});
