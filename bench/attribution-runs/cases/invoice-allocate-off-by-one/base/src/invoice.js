'use strict';

const { sumCents } = require('./money');
const { taxFor } = require('./tax');

function lineTotal(line) {
  return line.unitCents * line.quantity;
}

function buildInvoice(customer, lines, { discountPercent = 0 } = {}) {
  if (lines.length === 0) throw new Error('an invoice needs at least one line');
  const subtotal = sumCents(lines.map(lineTotal));
  const discount = Math.round((subtotal * discountPercent) / 100);
  const ratio = subtotal === 0 ? 0 : (subtotal - discount) / subtotal;
  const tax = sumCents(lines.map((l) => taxFor(Math.round(lineTotal(l) * ratio), l.tax)));
  return { customer, lines, subtotal, discount, tax, total: subtotal - discount + tax };
}

function dueDate(issued, termsDays = 30) {
  const due = new Date(issued.getTime());
  due.setUTCDate(due.getUTCDate() + termsDays);
  return due;
}

module.exports = { lineTotal, buildInvoice, dueDate };
