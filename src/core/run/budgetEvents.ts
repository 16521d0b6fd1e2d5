/**
 * The run's budget (budget/gate.ts): the call that would cross it was not sent (`budget.reached`),
 * and what the user chose (`budget.decided`): continue past it, raise it, or stop the run
 * (resumably: it ends cancelled and `--resume` or Resume Run goes on from there).
 */
import { z } from 'zod';
import { defineEvent } from './eventSchema';
import type { RunEventOf } from './events';

const BudgetSchema = z.object({ tokens: z.number().int().positive().optional(), usd: z.number().positive().optional() });
const SpendSchema = z.object({ tokens: z.number().int().nonnegative(), usd: z.number().nonnegative().optional() });

const BudgetReached = defineEvent('budget.reached', {
  limit: BudgetSchema,
  /** What the run had spent (plus the calls already on their way) when the call was held. */
  spent: SpendSchema,
  /** The held call's estimate; `usd` absent when its model's price is unknown. */
  estimate: SpendSchema,
  crossed: z.enum(['tokens', 'usd']),
  role: z.string(),
  model: z.string(),
});

const BudgetDecided = defineEvent('budget.decided', {
  decision: z.enum(['continue', 'raise', 'stop']),
  /** The new limit after a raise. */
  limit: BudgetSchema.optional(),
  by: z.enum(['user', 'default']),
});

const SpendEstimate = {
  tokens: z.number().int().nonnegative(),
  input: z.number().int().nonnegative(),
  output: z.number().int().nonnegative(),
  /** Absent when the model's price is unknown. */
  usd: z.number().nonnegative().optional(),
};

/**
 * What each task of the plan is expected to use (budget/estimate.ts), made when the plan reaches the
 * gate and again after each edit there; journaled so the gate, `squad plan` and a later look at
 * estimated against used all read the same numbers.
 */
const PlanEstimated = defineEvent('plan.estimated', {
  tasks: z.array(z.object({
    taskId: z.string(),
    role: z.string(),
    model: z.string(),
    ...SpendEstimate,
    source: z.enum(['history', 'prompt']),
    samples: z.number().int().nonnegative(),
  })),
  total: z.object({ tokens: z.number().int().nonnegative(), usd: z.number().nonnegative().optional(), usdPartial: z.boolean() }),
});

export type PlanEstimateRecord = Omit<RunEventOf<'plan.estimated'>, 'type' | 'runId' | 'seq' | 'at'>;

export const BUDGET_EVENT_SCHEMAS = [PlanEstimated, BudgetReached, BudgetDecided] as const;

export interface BudgetQuestion {
  readonly limit: RunEventOf<'budget.reached'>['limit'];
  readonly spent: RunEventOf<'budget.reached'>['spent'];
  readonly estimate: RunEventOf<'budget.reached'>['estimate'];
  readonly crossed: 'tokens' | 'usd';
  readonly role: string;
  readonly model: string;
  readonly seq: number;
}

export interface BudgetState {
  /** The question waiting for an answer: set by budget.reached, cleared by budget.decided. */
  readonly pending?: BudgetQuestion;
  /** The run's limit after the latest raise (a resumed run keeps the larger of this and the front end's). */
  readonly raisedTo?: RunEventOf<'budget.reached'>['limit'];
  /** The run was stopped at its budget and not resumed since. */
  readonly stopped: boolean;
  readonly reachedCount: number;
}

export const INITIAL_BUDGET: BudgetState = { stopped: false, reachedCount: 0 };

export function reduceBudget(s: BudgetState, e: RunEventOf<'budget.reached' | 'budget.decided'>): BudgetState {
  if (e.type === 'budget.reached') {
    const { limit, spent, estimate, crossed, role, model, seq } = e;
    return { ...s, pending: { limit, spent, estimate, crossed, role, model, seq }, reachedCount: s.reachedCount + 1 };
  }
  return {
    reachedCount: s.reachedCount,
    stopped: e.decision === 'stop',
    ...(e.decision === 'raise' && e.limit ? { raisedTo: e.limit } : s.raisedTo ? { raisedTo: s.raisedTo } : {}),
  };
}
