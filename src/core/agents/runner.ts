/**
 * One task's agent: a tool-using loop against its role's model. Every model reply is recorded
 * (`model.turn`) before its tools run, and every tool result after (`tool.called`), so a task
 * interrupted by a crash replays its recorded turns and only pays for the ones it never got. A
 * replayed turn reuses the journaled results, or runs the tools again and checks them against the
 * journal (see replay.ts); when the files changed since, the turns recorded after that one are
 * dropped (`replay.diverged`) and the model is asked again from there, with what the files hold now.
 */
import { cancelledError } from '../common/errors';
import type { ChatMessage, ChatModel, ChatReply, ToolCall } from '../llm/chatModel';
import { toolCallFromRaw } from '../llm/toolArgs';
import { costOf, type Price } from '../llm/usage';
import type { Task } from '../plan/schema';
import type { RunSession } from '../run/session';
import type { ModelReplyRecord } from '../run/taskEvents';
import type { TaskResult } from '../schedule/scheduler';
import { neutraliseForgedDelimiters, wrapUntrusted } from '../security/untrusted';
import { executeToolCall, type ToolContext, type ToolRegistry, type ToolResult } from '../tools';
import { NUDGE_USE_TOOLS } from './prompt';
import { ProgressGuard } from './progress';
import { callWords, recordedCall, resultRecord, reusableResult, sameResult } from './replay';
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
  /** 0 for the first proposal, k for the k-th fix round. */
  readonly round: number;
  /** Replies already recorded for this task and round: replayed instead of paid for again. */
  readonly recordedTurns: readonly ModelReplyRecord[];
  /** Records the task's proposal after turn `turn`'s tools changed it. */
  readonly publishProposal: (turn: number) => Promise<void>;
  /** The proposal now against the one journaled after `turn` (replay only). */
  readonly compareProposal: (turn: number) => Promise<'same' | 'unrecorded' | { readonly differs: string }>;
}

export async function runAgent(run: AgentRun, signal: AbortSignal): Promise<TaskResult> {
  const { task, session } = run;
  const messages: ChatMessage[] = [{ role: 'user', content: run.firstMessage }];
  const guard = new ProgressGuard();
  let tokens = 0;
  let nudged = false;
  /** Recorded turns still to replay; a divergence cuts it to the turn where it was found. */
  let replayable = run.recordedTurns.length;

  for (let turn = 0; turn < run.limits.maxTurns; turn++) {
    if (signal.aborted) throw cancelledError(signal);
    const replay = turn < replayable ? run.recordedTurns[turn] : undefined;
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

    let diverged = false;
    const diverge = async (what: string): Promise<void> => {
      diverged = true;
      await session.emit({ type: 'replay.diverged', taskId: task.id, round: run.round, turn, what, dropped: Math.max(0, replayable - turn - 1) });
      replayable = turn + 1;
    };
    const results: ToolResult[] = [];
    let finishedWith: string | undefined;
    for (const call of reply.toolCalls) {
      const recorded = replay && !diverged ? recordedCall(session, task.id, run.round, turn, call.id) : undefined;
      let result = reusableResult(run.tools, call, recorded);
      if (!result) {
        const executed = await executeToolCall(run.tools, call, { ...run.context, signal });
        result = executed.finished && results.some((r) => r.isError) ? finishRefused(call) : executed;
        if (recorded?.result && !(await sameResult(recorded.result, result))) await diverge(callWords(call));
      }
      results.push(result);
      messages.push({ role: 'tool', toolCallId: call.id, toolName: call.name, content: toolMessageText(run.tools, result), isError: result.isError });
      // A replayed call is journaled already; a turn cut short by a crash, or run again after a divergence, is journaled now.
      if (!recorded || diverged) {
        await session.emit({ type: 'tool.called', taskId: task.id, round: run.round, turn, callId: call.id, tool: call.name, summary: summarizeToolCall(call, result), isError: result.isError, result: await resultRecord(run.tools, result) });
      }
      if (result.finished) {
        finishedWith = result.finished.summary;
        break;
      }
    }
    if (results.some((r) => r.proposal)) {
      // A replayed turn must rebuild the proposal the journal holds for it; anything else means the files changed.
      const check = replay && !diverged ? await run.compareProposal(turn) : 'unrecorded';
      if (typeof check === 'object') await diverge(`the proposal of ${check.differs}`);
      if (check !== 'same') await run.publishProposal(turn);
    }
    if (finishedWith !== undefined) return { outcome: 'proposed', summary: finishedWith };
    const stuck = guard.observeReply(reply.toolCalls, results);
    if (stuck) return failed(stuck, 'agent/no_progress');
    if (tokens > run.limits.maxTokens) {
      return failed(`The task used ${tokens.toLocaleString('en-US')} tokens, over its limit of ${run.limits.maxTokens.toLocaleString('en-US')}.`, 'agent/token_limit');
    }
  }
  return failed(`The agent did not finish within ${run.limits.maxTurns} turns.`, 'agent/turn_limit');
}

/**
 * What the model reads of a result: workspace text as one untrusted block; everything else (Squad's
 * own words, which may quote a file, as a failed edit does) with forged block delimiters made inert.
 */
function toolMessageText(tools: ToolRegistry, result: ToolResult): string {
  if (!result.isError && tools.get(result.toolName)?.untrustedResult) return wrapUntrusted(result.content, result.toolName);
  return neutraliseForgedDelimiters(result.content);
}

/** `finish` right after a failed call would report work that did not happen. */
function finishRefused(call: ToolCall): ToolResult {
  return {
    toolCallId: call.id,
    toolName: call.name,
    isError: true,
    content: 'Not finished: an earlier call in this reply failed. Fix it (see its result), then call finish again.',
  };
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
  // Usage first: a crash between the two must not leave a paid call uncounted.
  const cost = costOf(reply.model, reply.usage, run.priceOverrides);
  await session.emit({ type: 'model.usage', role: task.role, taskId: task.id, model: reply.model, usage: reply.usage, ...(cost === undefined ? {} : { cost }) });
  await session.emit({ type: 'model.turn', taskId: task.id, round: run.round, turn, reply: toRecord(reply) });
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
  // Parsed as the adapters parse live calls, so a replayed bad call gets the same error text.
  return { ...record, toolCalls: record.toolCalls.map((c) => toolCallFromRaw(c.id, c.name, c.rawArguments)) };
}

function failed(reason: string, code: string): TaskResult {
  return { outcome: 'failed', reason, code };
}

