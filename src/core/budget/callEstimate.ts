/**
 * What one model call is expected to cost before it is sent: its input is counted from the request
 * itself (system prompt, messages, tool schemas, at about 4 characters a token, as Squad sizes text
 * everywhere without a tokenizer); its output is not known yet, so the reply is taken at
 * EXPECTED_REPLY_TOKENS, or the request's own cap when that is lower. Pure.
 */
import type { ChatRequest } from '../llm/chatModel';
import { costOf, type Price } from '../llm/usage';
import type { Spend } from './runBudget';

/** A tool-calling turn's reply: a few tool calls with their arguments, or an edit (bench/: agent turns reply 60–1,500 tokens). */
export const EXPECTED_REPLY_TOKENS = 1_000;

/** The same rate as instructions/budget.ts's estimateTokens, summed without joining the texts. */
const CHARS_PER_TOKEN = 4;

export function estimateInputTokens(request: Pick<ChatRequest, 'system' | 'messages' | 'tools'>): number {
  let chars = request.system.length;
  for (const m of request.messages) {
    chars += m.content.length;
    if (m.role === 'assistant') for (const c of m.toolCalls ?? []) chars += c.name.length + c.rawArguments.length;
  }
  for (const t of request.tools ?? []) chars += t.name.length + t.description.length + JSON.stringify(t.parameters).length;
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

export function estimateCall(model: string, request: ChatRequest, priceOverrides?: Record<string, Price>): Spend & { readonly input: number; readonly output: number } {
  const input = estimateInputTokens(request);
  const output = Math.min(EXPECTED_REPLY_TOKENS, request.maxOutputTokens ?? EXPECTED_REPLY_TOKENS);
  const usd = costOf(model, { input, output, cacheRead: 0, cacheWrite: 0 }, priceOverrides);
  return { input, output, tokens: input + output, ...(usd === undefined ? {} : { usd }) };
}
