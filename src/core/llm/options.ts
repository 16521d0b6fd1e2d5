/** Options every SDK-backed adapter takes, and the defaults chosen for them. */
import type { RetryListener } from './retryNotice';

export interface AdapterOptions {
  readonly model: string;
  readonly apiKey?: string;
  /** An OpenAI-compatible server (Ollama, LM Studio, vLLM, OpenRouter) or a proxy. */
  readonly baseUrl?: string;
  readonly timeoutMs?: number;
  readonly maxRetries?: number;
  /** Told before each retry waits (the front end prints or logs it). */
  readonly onRetry?: RetryListener;
  /** The name reported as `ChatModel.provider`; defaults to the adapter's own. */
  readonly provider?: string;
}

/**
 * The SDKs default to a 10-minute timeout, far too long for an agent the user is watching. 120 s
 * still covers a slow, long non-streamed answer from a large model. For streamed answers the SDK
 * timeout only covers the wait for the response headers; the same limit then applies to each gap
 * between stream events (see watchdog.ts), so a stalled stream fails instead of hanging.
 */
export const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Connection errors, timeouts, 408/409/429 and 5xx are retried with exponential backoff, honouring
 * `retry-after` (retry.ts; the SDKs' own retries are off so each retry can be reported). Two
 * retries absorb a transient blip; more would leave the user staring at a stuck task for minutes.
 * The scheduler decides what to do once a task fails.
 */
export const DEFAULT_MAX_RETRIES = 2;

/** Placeholder key for local OpenAI-compatible servers that need none; the SDK refuses an empty one. */
export const NO_KEY_PLACEHOLDER = 'no-key';
