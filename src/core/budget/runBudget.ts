/**
 * A run's budget: tokens, or money where the model's price is known, or both. Parsed from the CLI's
 * `--budget 200k` / `--budget $1.50` and the `squad.runBudget` setting; checked before every model
 * call of the run (gate.ts). Pure.
 */
import { z } from 'zod';

export interface RunBudget {
  /** Input + output tokens of the whole run, cached input included. */
  readonly tokens?: number;
  /** US dollars of the whole run; only calls whose model has a known price count toward it. */
  readonly usd?: number;
}

export const RunBudgetSchema = z
  .object({
    tokens: z.number().int().positive().optional(),
    usd: z.number().positive().optional(),
  })
  .strict();

/** What the run has spent, or one call is expected to spend. `usd` absent: the price is unknown. */
export interface Spend {
  readonly tokens: number;
  readonly usd?: number;
}

const TOKEN_SUFFIX: Record<string, number> = { '': 1, k: 1_000, m: 1_000_000 };

/**
 * `200k`, `1.5m`, `200000` are tokens; `$1.50` (or `1.50usd`) is dollars. A budget with both is two
 * flags' worth: `--budget 200k --budget $1.50`. Returns an error text for anything else.
 */
export function parseBudgetText(text: string): { readonly budget: RunBudget } | { readonly error: string } {
  const t = text.trim().toLowerCase();
  const usd = /^\$(\d+(?:\.\d+)?)$/.exec(t) ?? /^(\d+(?:\.\d+)?)\s*usd$/.exec(t);
  if (usd) {
    const n = Number(usd[1]);
    return n > 0 ? { budget: { usd: n } } : { error: `A budget must be more than $0, got "${text}".` };
  }
  const tokens = /^(\d+(?:\.\d+)?)([km]?)$/.exec(t);
  if (tokens) {
    const n = Math.round(Number(tokens[1]) * TOKEN_SUFFIX[tokens[2]!]!);
    return n > 0 ? { budget: { tokens: n } } : { error: `A budget must be more than 0 tokens, got "${text}".` };
  }
  return { error: `A budget is tokens (200k, 1.5m, 200000) or dollars ($1.50), got "${text}".` };
}

/** Both limits of both budgets: a later flag or answer wins per kind. */
export function mergeBudgets(a: RunBudget | undefined, b: RunBudget | undefined): RunBudget | undefined {
  if (!a) return b;
  if (!b) return a;
  return { ...a, ...b };
}

export function isEmptyBudget(budget: RunBudget | undefined): boolean {
  return !budget || (budget.tokens === undefined && budget.usd === undefined);
}

/**
 * Which limit `spent + next` would cross, or undefined when it stays within both. The money limit
 * is checked only when the call's price is known; spending exactly the limit does not cross it.
 */
export function budgetCrossed(limit: RunBudget, spent: Spend, next: Spend): 'tokens' | 'usd' | undefined {
  if (limit.tokens !== undefined && spent.tokens + next.tokens > limit.tokens) return 'tokens';
  if (limit.usd !== undefined && next.usd !== undefined && (spent.usd ?? 0) + next.usd > limit.usd) return 'usd';
  return undefined;
}

export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${trim(n / 1_000_000)}M`;
  if (n >= 1_000) return `${trim(n / 1_000)}k`;
  return String(Math.round(n));
}

function trim(x: number): string {
  return x >= 100 ? String(Math.round(x)) : String(Math.round(x * 10) / 10);
}

export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  return `$${usd >= 0.01 ? usd.toFixed(2) : usd.toFixed(4)}`;
}

export function formatBudget(budget: RunBudget): string {
  const parts = [
    ...(budget.tokens !== undefined ? [`${formatTokens(budget.tokens)} tokens`] : []),
    ...(budget.usd !== undefined ? [formatUsd(budget.usd)] : []),
  ];
  return parts.length > 0 ? parts.join(' and ') : 'no limit';
}

/** The flag text that gives this budget back (`--budget 200k --budget '$1.50'`: quoted, or a shell reads `$1`). */
export function budgetFlags(budget: RunBudget): string {
  return [
    ...(budget.tokens !== undefined ? [`--budget ${formatTokens(budget.tokens)}`] : []),
    ...(budget.usd !== undefined ? [`--budget '$${budget.usd.toFixed(2)}'`] : []),
  ].join(' ');
}

/** A raise that clears the crossing: the limit that was crossed grows to `factor` times what is needed, rounded up. */
export function suggestedRaise(limit: RunBudget, spent: Spend, next: Spend, factor = 2): RunBudget {
  const needTokens = spent.tokens + next.tokens;
  const needUsd = (spent.usd ?? 0) + (next.usd ?? 0);
  return {
    ...(limit.tokens !== undefined ? { tokens: Math.max(limit.tokens, roundUp(needTokens * factor, 1000)) } : {}),
    ...(limit.usd !== undefined ? { usd: Math.max(limit.usd, Math.ceil(needUsd * factor * 100) / 100) } : {}),
  };
}

function roundUp(n: number, step: number): number {
  return Math.ceil(n / step) * step;
}
