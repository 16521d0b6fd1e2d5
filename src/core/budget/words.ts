/** The budget's events in words, for the narrator (CLI progress, the extension's output channel). Pure. */
import type { RunEventOf } from '../run/events';
import { formatBudget, formatTokens, formatUsd, type RunBudget, type Spend } from './runBudget';

export function spendWords(spend: Spend): string {
  return `${formatTokens(spend.tokens)} tokens${spend.usd === undefined ? '' : ` · ${formatUsd(spend.usd)}`}`;
}

/** "budget: spent 41k tokens of 50k tokens; the next backend call (~12k tokens · ~$0.03) would cross it and was not sent". */
export function heldCallWords(q: { readonly spent: Spend; readonly estimate: Spend; readonly limit: RunBudget; readonly role: string }): string {
  return `budget: spent ${spendWords(q.spent)} of ${formatBudget(q.limit)}; the next ${q.role} call (${estimateWords(q.estimate)}) would cross it and was not sent`;
}

export function budgetWords(event: RunEventOf<'budget.reached' | 'budget.decided'>): string[] {
  if (event.type === 'budget.reached') {
    return [`⏸ ${heldCallWords(event)}`];
  }
  if (event.decision === 'raise' && event.limit) return [`budget raised to ${formatBudget(event.limit)}`];
  if (event.decision === 'continue') return ['budget: continuing past the limit for the rest of this run'];
  return [`run stopped at its budget${event.by === 'default' ? '' : ' (your answer)'}; nothing is lost: resume it with a larger budget to go on`];
}

/** "~12k tokens · ~$0.03": an estimate as the plan gate and `squad plan` show it (cost only when the price is known). */
export function estimateWords(spend: Spend): string {
  return `~${formatTokens(spend.tokens)} tokens${spend.usd === undefined ? '' : ` · ~${formatUsd(spend.usd)}`}`;
}

/** Where a task's estimate came from, in words. */
export function estimateSourceWords(estimate: { readonly source: 'history' | 'prompt'; readonly samples: number; readonly role: string }): string {
  return estimate.source === 'history'
    ? `median of ${estimate.samples} earlier ${estimate.role} task${estimate.samples === 1 ? '' : 's'}`
    : 'from prompt sizes';
}
