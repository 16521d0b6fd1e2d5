/** The plan's estimate as `squad plan` and `squad run` print it, and as `--json` carries it. */
import type { PlanEstimateRecord } from '../core/run/budgetEvents';
import { estimateSourceWords, estimateWords } from '../core/budget/words';

export function formatEstimate(estimate: PlanEstimateRecord): string {
  const head = estimate.tasks.map((t) => `${t.taskId} [${t.role}]`);
  const width = Math.max(9, ...head.map((h) => h.length));
  const total = estimate.total;
  return [
    'Estimate:',
    ...estimate.tasks.map((t, i) => `  ${head[i]!.padEnd(width)}  ${estimateWords(t)}  (${estimateSourceWords(t)}, ${t.model})`),
    `  ${'run total'.padEnd(width)}  ${estimateWords(total)}${total.usdPartial ? ' (cost of the priced models only)' : ''}`,
  ].join('\n');
}

export function estimateJson(estimate: PlanEstimateRecord): Record<string, unknown> {
  return {
    tasks: estimate.tasks.map((t) => ({ taskId: t.taskId, role: t.role, model: t.model, input: t.input, output: t.output, tokens: t.tokens, usd: t.usd ?? null, source: t.source, samples: t.samples })),
    total: { tokens: estimate.total.tokens, usd: estimate.total.usd ?? null, usdPartial: estimate.total.usdPartial },
  };
}
