const RULES = {
  SAVE10: { kind: 'percent', amount: 10 },
  FLAT500: { kind: 'flat', amount: 500 },
};

export function applyDiscount(total, coupon) {
  if (!coupon) return total;
  const rule = RULES[coupon.code];
  if (rule.kind === 'percent') return total - Math.round((total * rule.amount) / 100);
  return Math.max(0, total - rule.amount);
}
