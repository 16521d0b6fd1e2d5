/** The plan's journaled estimate as the sidebar shows it: one label per task and the run's total. Pure. */
import type { PlanEstimateRecord } from '../../core/run/budgetEvents';
import { estimateSourceWords, estimateWords } from '../../core/budget/words';
import type { ViewEstimate } from '../../protocol/viewModel';

export function projectEstimate(estimate: PlanEstimateRecord): ViewEstimate {
  return {
    tasks: Object.fromEntries(estimate.tasks.map((t) => [t.taskId, { label: estimateWords(t), source: `${estimateSourceWords(t)} · ${t.model}` }])),
    total: `${estimateWords(estimate.total)}${estimate.total.usdPartial ? ' (priced models only)' : ''}`,
  };
}
