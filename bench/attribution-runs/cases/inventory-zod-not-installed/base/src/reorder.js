import { totalOf } from './stock.js';

/**
 * Which SKUs to reorder and how many: below `minimum` units in total, order up to `target`,
 * rounded up to whole packs.
 */
export function reorderPlan(stock, rules) {
  const plan = [];
  for (const rule of rules) {
    const total = totalOf(stock, rule.sku);
    if (total >= rule.minimum) continue;
    const missing = rule.target - total;
    const packs = Math.ceil(missing / rule.packSize);
    plan.push({ sku: rule.sku, packs, units: packs * rule.packSize });
  }
  return plan;
}
