/**
 * The estimate of a run's plan as a front end shows it at the plan gate: the plan and roster from
 * the run's projection, "similar tasks" from the other journals in the same storage (this workspace's).
 */
import { roleFromSpec } from '../agents/roles';
import type { ChatModel } from '../llm/chatModel';
import type { Price } from '../llm/usage';
import type { Storage } from '../ports';
import type { RunState } from '../run/reduce';
import type { RunSession } from '../run/session';
import { estimatePlan, type PlanEstimate, type RoleHistory } from './estimate';
import { readRoleHistory } from './history';

/** The estimate of the run's current plan, given what similar tasks used. */
export function estimateWithHistory(state: RunState, history: RoleHistory, modelFor: (role: string) => ChatModel, priceOverrides?: Record<string, Price>): PlanEstimate | undefined {
  if (!state.plan) return undefined;
  return estimatePlan({
    plan: state.plan,
    roster: state.roster.map(roleFromSpec),
    modelFor: (role) => modelFor(role).model,
    history,
    ...(priceOverrides ? { priceOverrides } : {}),
  });
}

/**
 * Journals the estimate of the run's current plan (`plan.estimated`), so the gate and `squad plan`
 * show it and it can be held against what the run used. History that cannot be read leaves the
 * estimate to the prompt sizes. `known`: the history already read for this run (the gate re-estimates
 * after every edit; the other journals do not change meanwhile).
 */
export async function estimatePlanInto(session: RunSession, storage: Storage, modelFor: (role: string) => ChatModel, priceOverrides?: Record<string, Price>, known?: RoleHistory): Promise<void> {
  const history = known ?? (await historyBeside(session, storage));
  const estimate = estimateWithHistory(session.state, history, modelFor, priceOverrides);
  if (!estimate) return;
  await session.emit({
    type: 'plan.estimated',
    tasks: estimate.tasks.map((t) => ({
      taskId: t.taskId, role: t.role, model: t.model, tokens: t.tokens, input: t.input, output: t.output,
      ...(t.usd === undefined ? {} : { usd: t.usd }), source: t.source, samples: t.samples,
    })),
    total: { tokens: estimate.total.tokens, ...(estimate.total.usd === undefined ? {} : { usd: estimate.total.usd }), usdPartial: estimate.total.usdPartial },
  });
}

/** What the other runs of this storage used, per role; unreadable history is none. */
export function historyBeside(session: RunSession, storage: Storage): Promise<RoleHistory> {
  return readRoleHistory(storage, { exceptRunId: session.runId }).catch((): RoleHistory => ({}));
}
