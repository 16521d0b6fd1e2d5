const { test } = require('node:test');
const assert = require('node:assert/strict');
const { createDb } = require('../src/db');
const { lend, findLoan, extendLoan, renewAll } = require('../src/loans');
const { dueLabel } = require('../src/format');

async function seed() {
  const db = createDb();
  await lend(db, { id: 'l1', memberId: 'm1', isbn: '978-0131103627', due: '2024-03-15' });
  await lend(db, { id: 'l2', memberId: 'm1', isbn: '978-0201633610', due: '2024-03-20' });
  await lend(db, { id: 'l3', memberId: 'm2', isbn: '978-0262033848', due: '2024-03-18' });
  return db;
}

test('renewAll extends every loan of the member by the given days', async () => {
  const db = await seed();
  const renewed = await renewAll(db, 'm1', 7);
  assert.equal(renewed, 2);
  assert.equal(findLoan(db, 'l1').due, '2024-03-22');
  assert.equal(findLoan(db, 'l2').due, '2024-03-27');
  assert.equal(findLoan(db, 'l3').due, '2024-03-18');
  assert.equal(dueLabel(findLoan(db, 'l1'), '2024-03-15'), 'due in 7 days (renewed 1×)');
});

test('renewAll leaves out loans renewed three times already', async () => {
  const db = await seed();
  for (let i = 0; i < 3; i++) await extendLoan(db, 'l2', 1);
  const renewed = await renewAll(db, 'm1', 7);
  assert.equal(renewed, 1);
});
