'use strict';

function formatPrice(cents, currency = 'EUR', locale = 'de-DE') {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}

module.exports = { formatPrice };
