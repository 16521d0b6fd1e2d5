const { test } = require('node:test');
const assert = require('node:assert/strict');
const { createDb } = require('../src/db');
const { lend, findLoan, loansOf, extendLoan, giveBack } = require('../src/loans');

test('lend records a loan with no renewals', async () => {
  const db = createDb();
  const loan = await lend(db, { id: 'l1', memberId: 'm1', isbn: '978-0131103627', due: '2024-03-15' });
  assert.deepEqual(loan, { id: 'l1', memberId: 'm1', isbn: '978-0131103627', due: '2024-03-15', renewals: 0 });
  assert.equal(findLoan(db, 'l1').due, '2024-03-15');
});

test('extendLoan moves the due date and counts the renewal', async () => {
  const db = createDb();
  await lend(db, { id: 'l1', memberId: 'm1', isbn: '978-0131103627', due: '2024-02-26' });
  const loan = await extendLoan(db, 'l1', 7);
  assert.equal(loan.due, '2024-03-04');
  assert.equal(loan.renewals, 1);
});

test('a loan is renewed at most three times', async () => {
  const db = createDb();
  await lend(db, { id: 'l1', memberId: 'm1', isbn: '978-0131103627', due: '2024-03-01' });
  for (let i = 0; i < 3; i++) await extendLoan(db, 'l1', 7);
  await assert.rejects(extendLoan(db, 'l1', 7), /renewed too often/);
});

test('loansOf lists only the member loans; giveBack removes one', async () => {
  const db = createDb();
  await lend(db, { id: 'l1', memberId: 'm1', isbn: 'a', due: '2024-03-01' });
  await lend(db, { id: 'l2', memberId: 'm2', isbn: 'b', due: '2024-03-01' });
  await lend(db, { id: 'l3', memberId: 'm1', isbn: 'c', due: '2024-03-01' });
  assert.deepEqual(loansOf(db, 'm1').map((l) => l.id), ['l1', 'l3']);
  await giveBack(db, 'l1');
  assert.deepEqual(loansOf(db, 'm1').map((l) => l.id), ['l3']);
});
