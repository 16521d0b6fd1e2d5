/** Money is kept in integer cents so totals never drift. */
function sum(values) {
  return values.reduce((total, value) => total + value, 0);
}

function formatCents(cents) {
  const sign = cents < 0 ? '-' : '';
  return `${sign}$${(Math.abs(cents) / 100).toFixed(2)}`;
}

module.exports = { sum, formatCents };
