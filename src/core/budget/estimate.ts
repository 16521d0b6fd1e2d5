/**
 * What each task of a plan is expected to use, shown at the plan gate before anything is paid.
 * Two sources, named on each estimate:
 * - history: the median of what tasks of the same role used in this workspace's earlier runs
 *   (their journaled model.usage), when there is at least one;
 * - prompt: the role's system prompt, its tool schemas and the task's first message, sent once per
 *   turn over EXPECTED_TURNS turns, each turn adding a reply and a tool result to the conversation.
 * Cost only where the role's model has a known price. Pure.
 */
import { AGENT_TOOLS } from '../tools';
import type { Usage } from '../llm/chatModel';
import { costOf, type Price } from '../llm/usage';
import type { Plan, Task } from '../plan/schema';
import { agentSystemPrompt, agentTaskMessage } from '../agents/prompt';
import { roleDefinition, type RoleDefinition } from '../agents/roles';
import { estimateInputTokens } from './callEstimate';
import type { Spend } from './runBudget';

/** Turns of a typical task: look around, read, propose, check, finish (bench/ scripted runs take 3–8). */
export const EXPECTED_TURNS = 6;
/** One turn's reply: tool calls with their arguments. */
export const EXPECTED_TURN_REPLY_TOKENS = 400;
/** One turn's tool results as the next request carries them (reads are the bulk). */
export const EXPECTED_TURN_RESULT_TOKENS = 800;

export type EstimateSource = 'history' | 'prompt';

export interface TaskEstimate extends Spend {
  readonly taskId: string;
  readonly role: string;
  readonly model: string;
  readonly input: number;
  readonly output: number;
  readonly source: EstimateSource;
  /** Earlier tasks the history median was taken over (0 for a prompt estimate). */
  readonly samples: number;
}

export interface PlanEstimate {
  readonly tasks: readonly TaskEstimate[];
  readonly total: Spend & {
    /** Some task's model has no known price: `usd` counts only the others. */
    readonly usdPartial: boolean;
  };
}

/** Per role, the whole-task usage of earlier tasks (history.ts reads them from the journals). */
export type RoleHistory = Readonly<Record<string, readonly Usage[]>>;

export interface EstimateInput {
  readonly plan: Plan;
  /** The run's roster (agent files' roles), for the roles' prompts and tools. */
  readonly roster: readonly RoleDefinition[];
  readonly modelFor: (role: string) => string;
  readonly history?: RoleHistory;
  readonly priceOverrides?: Record<string, Price>;
}

export function estimatePlan(input: EstimateInput): PlanEstimate {
  const tasks = input.plan.tasks.map((task) => estimateTask(task, input));
  const priced = tasks.filter((t) => t.usd !== undefined);
  const usd = priced.length > 0 ? priced.reduce((sum, t) => sum + t.usd!, 0) : undefined;
  return {
    tasks,
    total: { tokens: tasks.reduce((sum, t) => sum + t.tokens, 0), ...(usd === undefined ? {} : { usd }), usdPartial: priced.length > 0 && priced.length < tasks.length },
  };
}

function estimateTask(task: Task, input: EstimateInput): TaskEstimate {
  const model = input.modelFor(task.role);
  const samples = input.history?.[task.role] ?? [];
  const usage = samples.length > 0 ? medianUsage(samples) : promptUsage(task, input);
  const usd = costOf(model, usage, input.priceOverrides);
  const inputTokens = usage.input + usage.cacheRead + usage.cacheWrite;
  return {
    taskId: task.id,
    role: task.role,
    model,
    input: inputTokens,
    output: usage.output,
    tokens: inputTokens + usage.output,
    ...(usd === undefined ? {} : { usd }),
    source: samples.length > 0 ? 'history' : 'prompt',
    samples: samples.length,
  };
}

/** The prompt's size sent every turn, with the conversation growing by a reply and a result per turn. */
function promptUsage(task: Task, input: EstimateInput): Usage {
  const role = roleDefinition(task.role, input.roster);
  const dependencies = task.dependsOn.flatMap((id) => {
    const dep = input.plan.tasks.find((t) => t.id === id);
    return dep ? [{ task: dep, summary: dep.title, files: dep.files ?? [] }] : [];
  });
  const base = estimateInputTokens({
    system: agentSystemPrompt(role),
    messages: [{ role: 'user', content: agentTaskMessage(task, input.plan.summary, dependencies) }],
    tools: (role.tools ?? AGENT_TOOLS).map((t) => t.spec),
  });
  const growth = EXPECTED_TURN_REPLY_TOKENS + EXPECTED_TURN_RESULT_TOKENS;
  const turns = EXPECTED_TURNS;
  return { input: Math.round(turns * base + (growth * turns * (turns - 1)) / 2), output: turns * EXPECTED_TURN_REPLY_TOKENS, cacheRead: 0, cacheWrite: 0 };
}

function medianUsage(samples: readonly Usage[]): Usage {
  return {
    input: median(samples.map((s) => s.input)),
    output: median(samples.map((s) => s.output)),
    cacheRead: median(samples.map((s) => s.cacheRead)),
    cacheWrite: median(samples.map((s) => s.cacheWrite)),
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}
