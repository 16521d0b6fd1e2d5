/** Builds the ChatModel for a configured provider; the one place that knows every adapter. */
import { SquadError } from '../common/errors';
import { createAnthropicChatModel } from './anthropic';
import { baseUrlProblem } from './baseUrl';
import type { ChatModel } from './chatModel';
import { createOpenAIChatModel } from './openai';
import type { RetryListener } from './retryNotice';

export type ProviderName = 'openai' | 'anthropic';

export interface ProviderConfig {
  readonly provider: ProviderName;
  readonly model: string;
  readonly apiKey?: string;
  /** For 'openai': any OpenAI-compatible server (Ollama, LM Studio, vLLM, OpenRouter). */
  readonly baseUrl?: string;
  readonly timeoutMs?: number;
  readonly maxRetries?: number;
  /** Told before each retry waits: "rate limited (HTTP 429), retrying in 2 s". */
  readonly onRetry?: RetryListener;
}

export function createChatModel(cfg: ProviderConfig): ChatModel {
  const { provider, ...opts } = cfg;
  const urlProblem = opts.baseUrl === undefined ? undefined : baseUrlProblem(opts.baseUrl);
  if (urlProblem !== undefined) throw new SquadError('config/invalid', `The base URL "${opts.baseUrl}" is not usable: ${urlProblem}.`);
  switch (provider) {
    case 'openai':
      return createOpenAIChatModel(opts);
    case 'anthropic':
      return createAnthropicChatModel(opts);
    default:
      throw new SquadError('config/invalid', `Unknown model provider "${String(provider)}"; expected "openai" or "anthropic".`);
  }
}
