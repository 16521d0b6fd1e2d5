'use strict';

const DAY = 24 * 60 * 60 * 1000;

function daysBetween(from, to) {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY);
}

function dueLabel(loan, today) {
  const days = daysBetween(today, loan.due);
  if (days === 0) return 'due today';
  if (days > 0) return `due in ${days} day${days === 1 ? '' : 's'}`;
  return `overdue by ${-days} day${days === -1 ? '' : 's'}`;
}

module.exports = { daysBetween, dueLabel };
