import { cancelledError } from './errors';

/**
 * The promise, or a `cancelled` rejection as soon as the signal aborts. The work itself goes on
 * (a shared index, a worker's reply): only this caller stops waiting for it.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(cancelledError(signal));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
