/**
 * Retries of a model call, done here instead of inside the SDKs so that each one can be seen while
 * it waits ("rate limited (HTTP 429), retrying in 2 s"). The SDKs are created with `maxRetries: 0`;
 * this loop retries what they would have: 408, 409, 429 and 5xx answers (unless the server says
 * `x-should-retry: false`) and failed or timed-out connections, honouring `retry-after-ms` /
 * `retry-after` and otherwise backing off exponentially with jitter, as the SDKs do.
 *
 * A wait the server asks for beyond MAX_RETRY_AFTER_MS is not sat through: the call fails at once
 * with the provider's error, which says to try later. A stream that already delivered text is
 * never retried (the caller has shown it).
 */
import { isSdkAbort, isSdkApiError, isSdkConnectionError, isSdkTimeout } from './sdkErrors';
import { cancelledError, isSquadError } from '../common/errors';
import type { RetryListener, RetryReason } from './retryNotice';

export type { RetryListener, RetryNotice, RetryReason } from './retryNotice';

/** Longest `retry-after` honoured (the OpenAI SDK's own limit). */
export const MAX_RETRY_AFTER_MS = 60_000;
const INITIAL_DELAY_MS = 500;
const MAX_BACKOFF_MS = 8_000;

interface HeadersLike {
  get(name: string): string | null | undefined;
}

/** Whether and how long to wait before trying `err`'s call again; undefined: do not. */
export function retryDelay(err: unknown, retriesDone: number): { reason: RetryReason; status?: number; delayMs: number } | undefined {
  if (isSdkAbort(err)) return undefined;
  if (isSdkConnectionError(err)) {
    const reason = isSdkTimeout(err) ? 'timeout' : 'network';
    return { reason, delayMs: backoff(retriesDone) };
  }
  if (!isSdkApiError(err) || typeof err.status !== 'number') return undefined;
  const status = err.status;
  const headers = err.headers as HeadersLike | undefined;
  const should = headers?.get('x-should-retry');
  const retryable = should === 'true' || (should !== 'false' && (status === 408 || status === 409 || status === 429 || status >= 500));
  if (!retryable) return undefined;
  const reason: RetryReason = status === 429 ? 'rate_limited' : status === 408 ? 'timeout' : 'server';
  const asked = askedDelay(headers);
  if (asked !== undefined && asked > MAX_RETRY_AFTER_MS) return undefined;
  return { reason, status, delayMs: asked ?? backoff(retriesDone) };
}

/** The server's `retry-after-ms`, or `retry-after` in seconds or as an HTTP date; undefined when absent or unusable. */
function askedDelay(headers: HeadersLike | undefined): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms > 0) return ms;
  const after = headers?.get('retry-after');
  if (!after) return undefined;
  const seconds = Number.parseFloat(after);
  const delay = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(after) - Date.now();
  return Number.isFinite(delay) && delay > 0 ? delay : undefined;
}

/** 0.5 s, 1 s, 2 s … up to 8 s, less up to a quarter at random so parallel agents spread out. */
function backoff(retriesDone: number): number {
  const base = Math.min(INITIAL_DELAY_MS * 2 ** retriesDone, MAX_BACKOFF_MS);
  return Math.round(base * (1 - Math.random() * 0.25));
}

export interface RetryOptions {
  readonly provider: string;
  readonly model: string;
  readonly maxRetries: number;
  readonly signal?: AbortSignal;
  readonly onRetry?: RetryListener;
  /** False once a retry could repeat something the caller already saw (streamed text). */
  readonly mayRetry?: () => boolean;
}

/** Calls `attempt` until it succeeds, fails in a way a retry cannot help, or the retries run out. */
export async function withRetries<T>(attempt: () => Promise<T>, opts: RetryOptions): Promise<T> {
  for (let done = 0; ; done++) {
    try {
      return await attempt();
    } catch (err) {
      const next = done < opts.maxRetries && !isSquadError(err) && !opts.signal?.aborted && (opts.mayRetry?.() ?? true) ? retryDelay(err, done) : undefined;
      if (!next) throw err;
      opts.onRetry?.({ provider: opts.provider, model: opts.model, ...next, attempt: done + 1, maxRetries: opts.maxRetries });
      await sleep(next.delayMs, opts.signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
