'use strict';

const RATES = { standard: 0.2, reduced: 0.055, zero: 0 };

function taxFor(cents, category = 'standard') {
  const rate = RATES[category];
  if (rate === undefined) throw new Error(`unknown tax category: ${category}`);
  return Math.round(cents * rate);
}

module.exports = { RATES, taxFor };
