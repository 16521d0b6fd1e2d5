/**
 * Tool results in the journal, for exact replay. Each call's result is journaled as the model saw
 * it; a long result a tool can produce again from the files (a read, a listing, a search) only by
 * digest. On resume a replayed turn reuses the journaled text, or runs the tool again and checks it
 * against the journal: a difference means the workspace changed under the run.
 */
import { sha256Hex } from '../common/sha256';
import type { RunSession } from '../run/session';
import type { ToolResultRecord } from '../run/taskEvents';
import { refence, untrustedNonce } from '../security/untrusted';
import type { ToolReplay, ToolRegistry, ToolResult } from '../tools';
import type { ToolCall } from '../llm/chatModel';

/** Longer results of tools that can run again are kept by digest: they are most of a journal otherwise. */
export const INLINE_RESULT_MAX_CHARS = 1024;

export function replayOf(tools: ToolRegistry, name: string): ToolReplay {
  return tools.get(name)?.replay ?? 'reuse';
}

/** What the journal keeps of a result. */
export async function resultRecord(tools: ToolRegistry, result: ToolResult): Promise<ToolResultRecord> {
  const text = result.content;
  if (replayOf(tools, result.toolName) !== 'record' && text.length > INLINE_RESULT_MAX_CHARS) return { sha256: await sha256Hex(text), length: text.length };
  const fence = untrustedNonce();
  return { content: text, ...(text.includes(`id="${fence}"`) ? { fence } : {}) };
}

/** The journaled call of a replayed turn, if its result was recorded. */
export function recordedCall(session: RunSession, taskId: string, round: number, turn: number, callId: string): { readonly result?: ToolResultRecord; readonly isError: boolean } | undefined {
  return session.state.tasks[taskId]?.activity.findLast((a) => a.round === round && a.turn === turn && a.callId === callId);
}

/** The journaled result as the model saw it, when the journal has its text and the tool may be replayed from it. */
export function reusableResult(tools: ToolRegistry, call: ToolCall, recorded: { readonly result?: ToolResultRecord; readonly isError: boolean } | undefined): ToolResult | undefined {
  const r = recorded?.result;
  if (!r || !('content' in r) || replayOf(tools, call.name) === 'rerun') return undefined;
  return { toolCallId: call.id, toolName: call.name, content: r.fence ? refence(r.content, r.fence) : r.content, isError: recorded.isError };
}

/** True when a result of now is the one journaled (text, or digest and length). */
export async function sameResult(record: ToolResultRecord, result: ToolResult): Promise<boolean> {
  if ('content' in record) return (record.fence ? refence(record.content, record.fence) : record.content) === result.content;
  return record.length === result.content.length && record.sha256 === (await sha256Hex(result.content));
}

/** "read_file src/a.js": which call differed, in words for the narrator. */
export function callWords(call: ToolCall): string {
  const args = (call.arguments ?? {}) as Record<string, unknown>;
  const target = ['path', 'query', 'glob'].map((k) => args[k]).find((v): v is string => typeof v === 'string');
  return target === undefined ? call.name : `${call.name} ${target.length > 80 ? `${target.slice(0, 79)}…` : target}`;
}
