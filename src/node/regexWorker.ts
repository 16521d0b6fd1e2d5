/**
 * The RegexMatcher port on a worker thread: a model's regex that backtracks catastrophically
 * blocks the worker, not the extension host or the CLI, and is stopped after a time budget. One
 * worker is started lazily and reused; a timeout or an abort terminates it and the next call
 * starts a fresh one. Calls run one at a time, so each gets the whole budget.
 */
import { Worker } from 'node:worker_threads';
import { abortable } from '../core/common/abortable';
import { cancelledError } from '../core/common/errors';
import type { RegexMatcher, RegexMatchRequest, RegexMatchResult } from '../core/tools/regexMatcher';
import { regexWorkerSource } from './regexWorkerSource';

export const DEFAULT_REGEX_BUDGET_MS = 2000;

export interface WorkerRegexMatcherOptions {
  /** How long one call (a batch of texts) may run before the worker is stopped. */
  readonly budgetMs?: number;
}

export interface WorkerRegexMatcher extends RegexMatcher {
  /** Stops the worker; a later call starts a new one. */
  dispose(): Promise<void>;
}

interface Running {
  readonly worker: Worker;
  /** Index of the text the worker is scanning, written by the worker. */
  readonly progress: Int32Array;
  readonly online: Promise<void>;
}

interface Reply {
  readonly id: number;
  readonly result: RegexMatchResult;
}

export function createWorkerRegexMatcher(options: WorkerRegexMatcherOptions = {}): WorkerRegexMatcher {
  const budgetMs = options.budgetMs ?? DEFAULT_REGEX_BUDGET_MS;
  let running: Running | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let nextId = 0;

  const start = (): Running => {
    const shared = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const worker = new Worker(regexWorkerSource(), { eval: true, workerData: { progress: shared }, name: 'squad-regex' });
    // Idle, it must not keep a CLI process alive; a call refs it while it waits for the reply.
    worker.unref();
    const self: Running = { worker, progress: new Int32Array(shared), online: new Promise((resolve) => worker.once('online', () => resolve())) };
    // Without an 'error' listener a crash in the worker would be thrown on this thread.
    const forget = () => {
      if (running === self) running = undefined;
    };
    worker.on('error', forget).on('exit', forget);
    return self;
  };

  const stop = (r: Running): Promise<void> => {
    if (running === r) running = undefined;
    return r.worker.terminate().then(() => undefined);
  };

  const run = (request: RegexMatchRequest, signal: AbortSignal): Promise<RegexMatchResult> =>
    new Promise((resolve, reject) => {
      if (signal.aborted) return reject(cancelledError(signal));
      const r = (running ??= start());
      const id = ++nextId;
      let timer: NodeJS.Timeout | undefined;
      let done = false;
      const finish = (restart: boolean, settle: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        r.worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (restart) void stop(r);
        else r.worker.unref();
        settle();
      };
      const onMessage = (reply: Reply) => {
        if (reply.id === id) finish(false, () => resolve(reply.result));
      };
      const onAbort = () => finish(true, () => reject(cancelledError(signal)));
      const onError = (err: Error) => finish(true, () => reject(new Error(`The regex worker failed: ${err.message}`, { cause: err })));
      const onExit = () => finish(true, () => reject(new Error('The regex worker stopped before it answered.')));
      r.worker.ref();
      r.worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      signal.addEventListener('abort', onAbort, { once: true });
      // The budget starts once the worker runs, so its start-up never counts as the regex's time.
      void r.online.then(() => {
        if (done) return;
        Atomics.store(r.progress, 0, 0);
        r.worker.postMessage({ id, ...request });
        timer = setTimeout(() => finish(true, () => resolve({ kind: 'timeout', text: Atomics.load(r.progress, 0), budgetMs })), budgetMs);
      });
    });

  return {
    match(request, signal) {
      const turn = queue.then(() => run(request, signal));
      queue = turn.catch(() => undefined);
      // A call waiting its turn is cancelled at once; `run` then sees the abort and does nothing.
      return abortable(turn, signal);
    },
    async dispose() {
      if (running) await stop(running);
    },
  };
}
