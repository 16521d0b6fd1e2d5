/** Builds the ChatModel for a configured provider; the one place that knows every adapter. */
import { SquadError } from '../common/errors';
import { createAnthropicChatModel } from './anthropic';
import type { ChatModel } from './chatModel';
import { createOpenAIChatModel } from './openai';

export type ProviderName = 'openai' | 'anthropic';

export interface ProviderConfig {
  readonly provider: ProviderName;
  readonly model: string;
  readonly apiKey?: string;
  /** For 'openai': any OpenAI-compatible server (Ollama, LM Studio, vLLM, OpenRouter). */
  readonly baseUrl?: string;
  readonly timeoutMs?: number;
  readonly maxRetries?: number;
}

export function createChatModel(cfg: ProviderConfig): ChatModel {
  const { provider, ...opts } = cfg;
  switch (provider) {
    case 'openai':
      return createOpenAIChatModel(opts);
    case 'anthropic':
      return createAnthropicChatModel(opts);
    default:
      throw new SquadError('config/invalid', `Unknown model provider "${String(provider)}"; expected "openai" or "anthropic".`);
  }
}
