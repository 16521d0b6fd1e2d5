'use strict';

const FREE_FROM_CENTS = 5000;

/** Shipping in cents: free from 50.00, otherwise by weight band. */
function shippingFor(subtotalCents, weightGrams) {
  if (subtotalCents >= FREE_FROM_CENTS) return 0;
  if (weightGrams <= 500) return 390;
  if (weightGrams <= 2000) return 690;
  return 1290;
}

module.exports = { FREE_FROM_CENTS, shippingFor };
