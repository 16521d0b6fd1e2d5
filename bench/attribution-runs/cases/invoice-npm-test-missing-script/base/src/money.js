'use strict';

/** Amounts are integer cents everywhere; only formatting turns them into text. */
function toCents(amount) {
  const value = typeof amount === 'string' ? Number(amount.replace(',', '.')) : amount;
  if (!Number.isFinite(value)) throw new TypeError(`not an amount: ${amount}`);
  return Math.round(value * 100);
}

function formatMoney(cents, currency = 'EUR') {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${(abs / 100).toFixed(2)} ${currency}`;
}

function sumCents(values) {
  return values.reduce((total, v) => total + v, 0);
}

/** Splits `cents` into `parts` amounts that differ by at most one cent and add up exactly. */
function allocate(cents, parts) {
  if (!Number.isInteger(parts) || parts < 1) throw new RangeError('parts must be a positive integer');
  const share = Math.floor(cents / parts);
  const remainder = cents - share * parts;
  return Array.from({ length: parts }, (_, i) => share + (i < remainder ? 1 : 0));
}

module.exports = { toCents, formatMoney, sumCents, allocate };
