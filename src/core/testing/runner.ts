/** The port through which core runs a test command (implemented in src/node/processRunner.ts). */

export interface CommandResult {
  /** null when the process was killed (timeout, cancel) before exiting on its own. */
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  /** stdout and stderr interleaved as they arrived, capped: the head and the tail are kept. */
  readonly output: string;
  /** Bytes dropped from the middle of the output by the cap. */
  readonly droppedBytes: number;
  readonly durationMs: number;
}

export interface CommandOptions {
  readonly cwd: string;
  /** The environment for the command; the runner removes provider keys from it in any case. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  readonly signal?: AbortSignal;
}

export interface ProcessRunner {
  /** Runs a shell command line; the whole process tree is killed on timeout or abort. */
  run(command: string, options: CommandOptions): Promise<CommandResult>;
}
