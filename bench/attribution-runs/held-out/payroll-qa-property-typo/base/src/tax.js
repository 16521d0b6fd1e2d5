// Flat brackets per month, in cents: the first 1000.00 is free, then 20%, then 40% above 5000.00.
const BRACKETS = [
  [100_000, 0],
  [500_000, 0.2],
  [Infinity, 0.4],
];

export function monthlyTax(grossCents) {
  let tax = 0;
  let lower = 0;
  for (const [upper, rate] of BRACKETS) {
    if (grossCents <= lower) break;
    tax += (Math.min(grossCents, upper) - lower) * rate;
    lower = upper;
  }
  return Math.round(tax);
}
