/** What a CLI command gets from the outside world, so `main()` runs in-process in tests. */

export interface Writable {
  write(text: string): unknown;
}

/** Standard input, for commands that read piped text (`squad attribute`). */
export type Stdin = AsyncIterable<string | Uint8Array> & { readonly isTTY?: boolean };

export interface CliIO {
  /** Defaults to the process's standard input. */
  readonly stdin?: Stdin;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Relative paths in arguments resolve against this folder. */
  readonly cwd: string;
  /** Aborted on Ctrl-C by the real entry point. */
  readonly signal?: AbortSignal;
}

export const EXIT_OK = 0;
/** The run failed: invalid plan, model errors, cancellation. */
export const EXIT_FAILED = 1;
/** The command line or the configuration is wrong; nothing was run. */
export const EXIT_USAGE = 2;
