/** Calls `fn` until it resolves, at most `attempts` times, waiting `delayMs * 2^n` between tries. */
export async function retry(fn, { attempts = 3, delayMs = 10 } = {}) {
  let lastError;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      lastError = err;
      if (attempt < attempts - 1) await sleep(delayMs * 2 ** attempt);
    }
  }
  throw lastError;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
