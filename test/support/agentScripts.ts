import type { ScriptedToolCall, ScriptedTurn } from './script';

/** Builds scripted turns for one task's agent: turn k answers the k-th model call of that task. */
export function agentTurns(taskId: string, steps: readonly (readonly ScriptedToolCall[])[], opts: { delayMs?: number } = {}): ScriptedTurn[] {
  return steps.map((toolCalls, turn) => ({
    name: `${taskId} turn ${turn}`,
    match: { contains: [`Your task (${taskId})`], assistantTurns: turn },
    reply: { toolCalls, usage: { input: 800 + 100 * turn, output: 60 } },
    ...(opts.delayMs ? { delayMs: opts.delayMs } : {}),
  }));
}

export const call = (name: string, args: Record<string, unknown>): ScriptedToolCall => ({ name, arguments: args });

export function planTurn(plan: unknown): ScriptedTurn {
  return {
    name: 'planner',
    match: { contains: ['submit_plan'], notContains: ['Your task ('] },
    reply: { toolCalls: [{ name: 'submit_plan', arguments: plan }], usage: { input: 1200, output: 300 } },
  };
}
