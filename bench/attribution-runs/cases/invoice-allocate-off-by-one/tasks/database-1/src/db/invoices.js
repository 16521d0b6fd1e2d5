'use strict';

/** In-memory invoice store until the real database lands. */
const invoices = new Map();
let nextId = 1;

function saveInvoice(invoice) {
  const id = nextId++;
  invoices.set(id, { ...invoice, id });
  return id;
}

function findInvoice(id) {
  return invoices.get(id);
}

module.exports = { saveInvoice, findInvoice };
