import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import type { ToolSpec } from '../src/core/llm/chatModel';

// o200k_base is the tokenizer of current OpenAI models; Anthropic's differs by a few percent,
// close enough to hold a prompt to its budget.
const encoder = new Tiktoken(o200k);

export function countTokens(text: string): number {
  return encoder.encode(text).length;
}

/** Tokens a request spends before any conversation: the system prompt plus the tool schemas as sent. */
export function promptOverhead(system: string, tools: readonly ToolSpec[]): { system: number; tools: number; total: number } {
  const systemTokens = countTokens(system);
  const toolTokens = countTokens(JSON.stringify(tools.map((t) => ({ type: 'function', function: t }))));
  return { system: systemTokens, tools: toolTokens, total: systemTokens + toolTokens };
}
