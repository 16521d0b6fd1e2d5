'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { buildInvoice, lateFee } = require('../src');

const invoice = buildInvoice('ACME', [{ sku: 'desk', unitCents: 10000, quantity: 1, tax: 'zero' }]);

test('no fee when paid on time', () => {
  assert.equal(lateFee(invoice, 0), 0);
});

test('one percent per started week', () => {
  assert.equal(lateFee(invoice, 1), 100);
  assert.equal(lateFee(invoice, 8), 200;
});

test('capped at ten percent', () => {
  assert.equal(lateFee(invoice, 365), 1000);
});
