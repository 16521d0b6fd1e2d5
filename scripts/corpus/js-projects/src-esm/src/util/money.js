/** Money is kept in integer cents so totals never drift. */
export function sum(values) {
  return values.reduce((total, value) => total + value, 0);
}

export function formatCents(cents) {
  const sign = cents < 0 ? '-' : '';
  return `${sign}$${(Math.abs(cents) / 100).toFixed(2)}`;
}
