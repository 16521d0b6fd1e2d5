/** The reorder plan as the purchasing e-mail lists it. */
export function formatReorderPlan(plan) {
  if (plan.length === 0) return 'Nothing to reorder.';
  return plan.map((p) => `${p.sku}: ${p.packs} pack(s), ${p.units} units`).join('\n');
}
