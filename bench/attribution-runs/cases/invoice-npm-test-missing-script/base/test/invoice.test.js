'use strict';

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { buildInvoice, dueDate } = require('../src');

const lines = [
  { sku: 'desk', unitCents: 25000, quantity: 2, tax: 'standard' },
  { sku: 'book', unitCents: 2000, quantity: 3, tax: 'reduced' },
];

describe('buildInvoice', () => {
  it('adds up lines and tax per category', () => {
    const invoice = buildInvoice('ACME', lines);
    assert.equal(invoice.subtotal, 56000);
    assert.equal(invoice.tax, 10000 + 330);
    assert.equal(invoice.total, 66330);
  });

  it('applies a discount before tax', () => {
    const invoice = buildInvoice('ACME', lines, { discountPercent: 10 });
    assert.equal(invoice.discount, 5600);
    assert.equal(invoice.tax, 9000 + 297);
    assert.equal(invoice.total, 56000 - 5600 + 9297);
  });

  it('refuses an empty invoice', () => {
    assert.throws(() => buildInvoice('ACME', []), /at least one line/);
  });
});

describe('dueDate', () => {
  it('is thirty days after issue by default', () => {
    assert.equal(dueDate(new Date('2024-01-15T00:00:00Z')).toISOString(), '2024-02-14T00:00:00.000Z');
  });
});
