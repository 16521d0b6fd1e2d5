'use strict';

const { tick } = require('./db');

const DAY = 24 * 60 * 60 * 1000;
const MAX_RENEWALS = 3;

async function lend(db, { id, memberId, isbn, due }) {
  await tick();
  db.loans.set(id, { id, memberId, isbn, due, renewals: 0 });
  return db.loans.get(id);
}

function findLoan(db, id) {
  return db.loans.get(id);
}

function loansOf(db, memberId) {
  return [...db.loans.values()].filter((loan) => loan.memberId === memberId);
}

async function extendLoan(db, id, days) {
  const loan = findLoan(db, id);
  if (!loan) throw new Error(`no loan ${id}`);
  if (loan.renewals >= MAX_RENEWALS) throw new Error(`loan ${id} was renewed too often`);
  await tick();
  const due = new Date(Date.parse(loan.due) + days * DAY).toISOString().slice(0, 10);
  db.loans.set(id, { ...loan, due, renewals: loan.renewals + 1 });
  return db.loans.get(id);
}

async function giveBack(db, id) {
  const loan = findLoan(db, id);
  if (!loan) throw new Error(`no loan ${id}`);
  await tick();
  db.loans.delete(id);
  return loan;
}

module.exports = { MAX_RENEWALS, lend, findLoan, loansOf, extendLoan, giveBack };
