/** Closed set of failure codes: callers branch on `code`, never on message text. */
export type SquadErrorCode =
  | 'cancelled'
  | 'llm/auth'
  | 'llm/rate_limited'
  | 'llm/context_length'
  | 'llm/network'
  | 'llm/timeout'
  | 'llm/bad_output'
  | 'llm/server'
  | 'plan/invalid'
  | 'config/invalid'
  | 'config/missing_key'
  | 'journal/corrupt'
  | 'run/not_found'
  | 'run/exists'
  | 'run/busy'
  | 'edit/no_match'
  | 'edit/ambiguous'
  | 'changes/conflict'
  /** An apply could not write a file (the OS refused, or the target cannot be replaced); nothing was written. */
  | 'changes/write_failed'
  | 'path/outside_workspace'
  | 'tests/timeout'
  | 'tests/cannot_run'
  | 'tests/needs_approval'
  | 'sandbox/unavailable';

export class SquadError extends Error {
  override readonly name = 'SquadError';
  constructor(
    readonly code: SquadErrorCode,
    message: string,
    options?: { cause?: unknown; details?: readonly string[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.details = options?.details ?? [];
  }
  /** Extra human-readable lines, such as each validation error of a plan. */
  readonly details: readonly string[];
}

export function isSquadError(err: unknown, code?: SquadErrorCode): err is SquadError {
  return err instanceof SquadError && (code === undefined || err.code === code);
}

/** Normalises anything thrown after an abort into one `cancelled` error. */
export function cancelledError(signal?: AbortSignal): SquadError {
  return new SquadError('cancelled', 'The operation was cancelled.', { cause: signal?.reason });
}
