/**
 * The planner: one model conversation that ends in a valid plan. The model answers by calling
 * `submit_plan`; anything wrong with the call (bad JSON, schema or DAG problems, no call at all)
 * goes back to it as the tool result, and it tries again a bounded number of times.
 */
import { cancelledError, SquadError } from '../common/errors';
import { addUsage, type ChatMessage, type ChatModel, type ChatReply, type ToolCall, type Usage, ZERO_USAGE } from '../llm/chatModel';
import { costOf } from '../llm/usage';
import type { RunSession } from '../run/session';
import { plannerSystemPrompt, plannerUserMessage, repairMessage, submitPlanTool, SUBMIT_PLAN_TOOL } from './plannerPrompt';
import type { Plan } from './schema';
import { DEFAULT_PLAN_LIMITS, type PlanLimits, planProblems, validatePlan } from './validate';

export const PLANNER_ROLE = 'planner';
export const DEFAULT_MAX_REPAIRS = 2;

export interface PlanFeatureInput {
  readonly request: string;
  /** `renderSummary(...)` of the workspace: the planner never sees the repository itself. */
  readonly workspaceSummary: string;
  /** The project's instructions for the planner, rendered (src/core/instructions); absent or '': none. */
  readonly projectInstructions?: string;
  readonly model: ChatModel;
  /** When given, plan.requested / plan.rejected / plan.proposed / model.usage are recorded in it. */
  readonly session?: RunSession;
  readonly limits?: PlanLimits;
  readonly signal?: AbortSignal;
  readonly onToken?: (text: string) => void;
  /** Further attempts after the first when the plan is invalid. */
  readonly maxRepairs?: number;
  /** User prices, passed through to `costOf`. */
  readonly priceOverrides?: Parameters<typeof costOf>[2];
}

export interface PlanFeatureResult {
  readonly plan: Plan;
  /** Summed over every attempt. */
  readonly usage: Usage;
  readonly attempts: number;
}

/** Either the plan the call carries, or the problems to send back. */
type Verdict = { readonly plan: Plan } | { readonly problems: string[] };

export async function planFeature(input: PlanFeatureInput): Promise<PlanFeatureResult> {
  const limits = input.limits ?? DEFAULT_PLAN_LIMITS;
  const maxAttempts = 1 + Math.max(0, input.maxRepairs ?? DEFAULT_MAX_REPAIRS);
  const system = plannerSystemPrompt(limits);
  const tools = [submitPlanTool(limits)];
  const messages: ChatMessage[] = [{ role: 'user', content: plannerUserMessage(input.request, input.workspaceSummary, input.projectInstructions) }];
  let usage = ZERO_USAGE;
  let problems: string[] = [];

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (input.signal?.aborted) throw cancelledError(input.signal);
    await input.session?.emit({ type: 'plan.requested', attempt });
    const reply = await input.model.complete({
      system,
      messages,
      tools,
      toolChoice: { name: SUBMIT_PLAN_TOOL },
      ...(input.signal ? { signal: input.signal } : {}),
      ...(input.onToken ? { onToken: input.onToken } : {}),
    });
    usage = addUsage(usage, reply.usage);
    await recordUsage(input, reply);

    const call = reply.toolCalls.find((c) => c.name === SUBMIT_PLAN_TOOL);
    const verdict = judge(call, limits);
    if ('plan' in verdict) {
      await input.session?.emit({ type: 'plan.proposed', plan: verdict.plan, attempt });
      return { plan: verdict.plan, usage, attempts: attempt };
    }
    problems = verdict.problems;
    await input.session?.emit({ type: 'plan.rejected', attempt, problems });
    messages.push({ role: 'assistant', content: reply.text, toolCalls: reply.toolCalls }, ...feedback(reply.toolCalls, call, problems));
  }

  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  throw new SquadError('plan/invalid', `The planner gave no valid plan in ${maxAttempts} attempts; the last one had ${count}.`, {
    details: problems,
  });
}

function judge(call: ToolCall | undefined, limits: PlanLimits): Verdict {
  if (!call) return { problems: [`no ${SUBMIT_PLAN_TOOL} call; submit the plan by calling ${SUBMIT_PLAN_TOOL}`] };
  if (call.argumentsError !== undefined) return { problems: [`the arguments are not valid JSON: ${call.argumentsError}`] };
  const problems = planProblems(call.arguments, limits);
  if (problems.length > 0) return { problems };
  return { plan: validatePlan(call.arguments, limits) };
}

/**
 * Every tool call of the answer gets a result (providers reject a conversation that leaves one
 * unanswered): the problems for the plan, a short refusal for anything else. With no call at
 * all, the problems go back as a user message.
 */
function feedback(calls: readonly ToolCall[], planCall: ToolCall | undefined, problems: readonly string[]): ChatMessage[] {
  if (!planCall) return [{ role: 'user', content: repairMessage(problems) }];
  return calls.map((c) => ({
    role: 'tool' as const,
    toolCallId: c.id,
    toolName: c.name,
    isError: true,
    content: c === planCall ? repairMessage(problems) : ignoredCall(c),
  }));
}

function ignoredCall(call: ToolCall): string {
  return call.name === SUBMIT_PLAN_TOOL
    ? `Ignored: only the first ${SUBMIT_PLAN_TOOL} call of an answer is read.`
    : `Unknown tool "${call.name}"; the planner only has ${SUBMIT_PLAN_TOOL}.`;
}

async function recordUsage(input: PlanFeatureInput, reply: ChatReply): Promise<void> {
  if (!input.session) return;
  const model = reply.model || input.model.model;
  const cost = costOf(model, reply.usage, input.priceOverrides);
  await input.session.emit({
    type: 'model.usage',
    role: PLANNER_ROLE,
    model,
    usage: reply.usage,
    ...(cost === undefined ? {} : { cost }),
  });
}
