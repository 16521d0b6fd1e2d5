import { sleep } from './retry.js';

/** Polls `check` every `intervalMs` until it returns a value other than undefined, or `timeoutMs` passes. */
export async function waitFor(check, { intervalMs = 5, timeoutMs = 500 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}
