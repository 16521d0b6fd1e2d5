'use strict';

const CODES = {
  WELCOME10: { kind: 'percent', value: 10 },
  FIVEOFF: { kind: 'fixed', value: 500, minimumCents: 2500 },
};

/** The discount in cents a code gives on a subtotal; 0 when the code does not apply. */
function discountFor(code, subtotalCents) {
  const rule = CODES[code];
  if (!rule) return 0;
  if (rule.minimumCents !== undefined && subtotalCents < rule.minimumCents) return 0;
  if (rule.kind === 'percent') return Math.round((subtotalCents * rule.value) / 100);
  return Math.min(rule.value, subtotalCents);
}

module.exports = { CODES, discountFor };
