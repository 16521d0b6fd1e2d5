/**
 * What both SDK adapters do around a request: abort early, map every failure to a SquadError
 * (an exception from the caller's token callback passes through untouched), and watch streams
 * for silence, since the SDKs' timeout only covers the wait for response headers.
 */
import { SquadError } from '../common/errors';
import type { ChatModel, ChatReply, ChatRequest } from './chatModel';
import { type ErrorContext, toSquadError } from './errors';
import { CallbackError } from './tokenCallback';
import { IdleWatchdog } from './watchdog';

export interface AdapterCalls {
  readonly json: (req: ChatRequest) => Promise<ChatReply>;
  readonly stream: (req: ChatRequest, onToken: (text: string) => void) => Promise<ChatReply>;
}

export function adapterModel(provider: string, model: string, errorContext: ErrorContext, calls: AdapterCalls): ChatModel {
  return {
    provider,
    model,
    async complete(req: ChatRequest): Promise<ChatReply> {
      try {
        req.signal?.throwIfAborted();
        return req.onToken ? await calls.stream(req, req.onToken) : await calls.json(req);
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
