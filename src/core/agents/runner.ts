/**
 * One task's agent: a tool-using loop against its role's model. Every model reply is recorded
 * (`model.turn`) before its tools run, so a task interrupted by a crash replays its recorded
 * turns and only pays for the ones it never got.
 */
import { cancelledError } from '../common/errors';
import type { ChatMessage, ChatModel, ChatReply, ToolCall } from '../llm/chatModel';
import { costOf, type Price } from '../llm/usage';
import type { Task } from '../plan/schema';
import type { RunSession } from '../run/session';
import type { ModelReplyRecord } from '../run/taskEvents';
import type { TaskResult } from '../schedule/scheduler';
import { executeToolCall, type ToolContext, type ToolRegistry } from '../tools';
import { NUDGE_USE_TOOLS } from './prompt';
import { ProgressGuard } from './progress';
import { summarizeToolCall } from './toolSummary';

export interface AgentLimits {
  readonly maxTurns: number;
  /** Input + output tokens over the whole task, cached input included. */
  readonly maxTokens: number;
}

export const DEFAULT_AGENT_LIMITS: AgentLimits = { maxTurns: 40, maxTokens: 600_000 };

export interface AgentRun {
  readonly task: Task;
  readonly model: ChatModel;
  readonly system: string;
  readonly firstMessage: string;
  readonly tools: ToolRegistry;
  readonly context: Omit<ToolContext, 'signal'>;
  readonly session: RunSession;
  readonly limits: AgentLimits;
  readonly priceOverrides?: Record<string, Price>;
  readonly onToken?: (taskId: string, text: string) => void;
  /** Records the task's proposal after a tool changed it. */
  readonly publishProposal: () => Promise<void>;
}

export async function runAgent(run: AgentRun, signal: AbortSignal): Promise<TaskResult> {
  const { task, session } = run;
  const recorded = session.state.tasks[task.id]?.turns ?? [];
  const messages: ChatMessage[] = [{ role: 'user', content: run.firstMessage }];
  const guard = new ProgressGuard();
  let tokens = 0;
  let nudged = false;

  for (let turn = 0; turn < run.limits.maxTurns; turn++) {
    if (signal.aborted) throw cancelledError(signal);
    const replay = recorded[turn];
    const reply = replay ? fromRecord(replay) : await callModel(run, messages, turn, signal);
    tokens += reply.usage.input + reply.usage.output + reply.usage.cacheRead + reply.usage.cacheWrite;
    messages.push({ role: 'assistant', content: reply.text, toolCalls: reply.toolCalls });

    if (reply.toolCalls.length === 0) {
      if (nudged) return failed('The model stopped calling tools without calling finish.', 'agent/no_progress');
      nudged = true;
      messages.push({ role: 'user', content: NUDGE_USE_TOOLS });
      continue;
    }
    nudged = false;

    let proposalChanged = false;
    for (const call of reply.toolCalls) {
      const result = await executeToolCall(run.tools, call, { ...run.context, signal });
      messages.push({ role: 'tool', toolCallId: call.id, toolName: call.name, content: result.content, isError: result.isError });
      if (!replay) {
        await session.emit({ type: 'tool.called', taskId: task.id, turn, callId: call.id, tool: call.name, summary: summarizeToolCall(call, result), isError: result.isError });
      }
      if (result.proposal) proposalChanged = true;
      if (result.finished) {
        if (proposalChanged) await run.publishProposal();
        return { outcome: 'proposed', summary: result.finished.summary };
      }
      const stuck = guard.observe(call, result);
      if (stuck) return failed(stuck, 'agent/no_progress');
    }
    if (proposalChanged) await run.publishProposal();
    if (tokens > run.limits.maxTokens) {
      return failed(`The task used ${tokens.toLocaleString('en-US')} tokens, over its limit of ${run.limits.maxTokens.toLocaleString('en-US')}.`, 'agent/token_limit');
    }
  }
  return failed(`The agent did not finish within ${run.limits.maxTurns} turns.`, 'agent/turn_limit');
}

async function callModel(run: AgentRun, messages: readonly ChatMessage[], turn: number, signal: AbortSignal): Promise<ChatReply> {
  const onToken = run.onToken;
  const reply = await run.model.complete({
    system: run.system,
    messages,
    tools: run.tools.specs,
    toolChoice: 'auto',
    signal,
    ...(onToken ? { onToken: (text: string) => onToken(run.task.id, text) } : {}),
  });
  const { session, task } = run;
  await session.emit({ type: 'model.turn', taskId: task.id, turn, reply: toRecord(reply) });
  const cost = costOf(reply.model, reply.usage, run.priceOverrides);
  await session.emit({ type: 'model.usage', role: task.role, taskId: task.id, model: reply.model, usage: reply.usage, ...(cost === undefined ? {} : { cost }) });
  return reply;
}

function toRecord(reply: ChatReply): ModelReplyRecord {
  return {
    text: reply.text,
    toolCalls: reply.toolCalls.map((c) => ({ id: c.id, name: c.name, rawArguments: c.rawArguments })),
    usage: reply.usage,
    model: reply.model,
    stopReason: reply.stopReason,
  };
}

function fromRecord(record: ModelReplyRecord): ChatReply {
  return { ...record, toolCalls: record.toolCalls.map(parseRecordedCall) };
}

function parseRecordedCall(call: { id: string; name: string; rawArguments: string }): ToolCall {
  try {
    return { ...call, arguments: JSON.parse(call.rawArguments === '' ? '{}' : call.rawArguments) as unknown };
  } catch (err) {
    return { ...call, arguments: undefined, argumentsError: `The arguments are not valid JSON: ${(err as Error).message}` };
  }
}

function failed(reason: string, code: string): TaskResult {
  return { outcome: 'failed', reason, code };
}

