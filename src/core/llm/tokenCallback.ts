/**
 * An exception thrown by the caller's `onToken` is the caller's own: adapters wrap it on the way
 * out of the stream loop and rethrow it unchanged, instead of mapping it to an `llm/*` error.
 */
export class CallbackError extends Error {
  constructor(readonly error: unknown) {
    super('onToken threw', { cause: error });
  }
}

export function emitToken(onToken: (text: string) => void, text: string): void {
  try {
    onToken(text);
  } catch (err) {
    throw new CallbackError(err);
  }
}
