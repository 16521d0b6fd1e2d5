/**
 * What both SDK adapters do around a request: abort early, retry what a retry can fix (retry.ts,
 * each retry reported before its wait), map every failure to a SquadError (an exception from the
 * caller's token callback passes through untouched), and watch streams for silence, since the
 * SDKs' timeout only covers the wait for response headers.
 */
import { SquadError } from '../common/errors';
import type { ChatModel, ChatReply, ChatRequest } from './chatModel';
import { type ErrorContext, toSquadError } from './errors';
import { withRetries } from './retry';
import type { RetryListener } from './retryNotice';
import { CallbackError } from './tokenCallback';
import { IdleWatchdog } from './watchdog';

export interface AdapterCalls {
  readonly json: (req: ChatRequest) => Promise<ChatReply>;
  readonly stream: (req: ChatRequest, onToken: (text: string) => void) => Promise<ChatReply>;
}

export interface AdapterRetries {
  readonly maxRetries: number;
  readonly onRetry?: RetryListener;
}

export function adapterModel(provider: string, model: string, errorContext: ErrorContext, calls: AdapterCalls, retries: AdapterRetries): ChatModel {
  return {
    provider,
    model,
    async complete(req: ChatRequest): Promise<ChatReply> {
      // Once a token reached the caller, a retry would show the start of the reply twice.
      let streamed = false;
      const caller = req.onToken;
      const onToken = caller && ((text: string): void => {
        streamed = true;
        caller(text);
      });
      try {
        req.signal?.throwIfAborted();
        return await withRetries(() => (onToken ? calls.stream(req, onToken) : calls.json(req)), {
          provider,
          model,
          maxRetries: retries.maxRetries,
          mayRetry: () => !streamed,
          ...(req.signal ? { signal: req.signal } : {}),
          ...(retries.onRetry ? { onRetry: retries.onRetry } : {}),
        });
      } catch (err) {
        if (err instanceof CallbackError) throw err.error;
        throw toSquadError(err, req.signal, errorContext);
      }
    },
  };
}

/** Runs a stream under an idle watchdog; silence longer than `timeoutMs` becomes `llm/timeout`. */
export async function watchedStream<T>(
  req: ChatRequest,
  what: { readonly provider: string; readonly model: string; readonly timeoutMs: number },
  run: (watchdog: IdleWatchdog) => Promise<T>,
): Promise<T> {
  const watchdog = new IdleWatchdog(what.timeoutMs, req.signal);
  try {
    return await run(watchdog);
  } catch (err) {
    if (watchdog.fired && !req.signal?.aborted) {
      throw new SquadError('llm/timeout', `${what.provider} (${what.model}) stopped streaming for ${what.timeoutMs} ms.`, { cause: err });
    }
    throw err;
  } finally {
    watchdog.dispose();
  }
}
