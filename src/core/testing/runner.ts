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
  /** Whether the command ran inside the OS sandbox. */
  readonly sandboxed: boolean;
}

/** One host endpoint a sandboxed command may reach (a local database, a named service). */
export interface NetworkEndpoint {
  readonly host: string;
  readonly port: number;
}

/**
 * What a sandboxed command may reach over the network. none: only the sandbox's own loopback
 * (a test may start a server and talk to it); endpoints: that, plus these host endpoints;
 * all: the host's network, unrestricted.
 */
export type NetworkPolicy =
  | { readonly kind: 'none' }
  | { readonly kind: 'endpoints'; readonly endpoints: readonly NetworkEndpoint[] }
  | { readonly kind: 'all' };

/**
 * Where a sandboxed command may write and what it must not see. Everything not named here is
 * read-only; `hidden` folders are replaced by empty ones (the user's workspace, repository and
 * home), then `readable` folders inside them are shown again read-only (installed dependencies
 * the scratch tree links to).
 */
export interface SandboxRequest {
  /** Folders the command may write: the scratch tree and its private home and temp folders. */
  readonly writable: readonly string[];
  readonly hidden: readonly string[];
  readonly readable: readonly string[];
  /** A folder (inside `writable`) mounted as the command's $HOME, so the user's home stays out of reach. */
  readonly home: string;
  readonly network: NetworkPolicy;
}

/** What the runner's sandbox can do on this machine, told to the user when they approve a command. */
export interface SandboxInfo {
  readonly kind: 'bwrap' | 'none';
  /** One plain sentence: what the sandbox guarantees, or why commands run without one here. */
  readonly description: string;
}

export interface CommandOptions {
  readonly cwd: string;
  /** The environment for the command; the runner removes secrets from it in any case. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  readonly signal?: AbortSignal;
  /**
   * Run inside the OS sandbox with these mounts. When the machine has no sandbox the runner
   * refuses (SquadError 'sandbox/unavailable') unless `allowUnsandboxed` says the user accepted
   * that for this run.
   */
  readonly sandbox?: SandboxRequest;
  readonly allowUnsandboxed?: boolean;
}

export interface ProcessRunner {
  /** Probes (once) what sandbox this machine offers. */
  sandboxInfo(): Promise<SandboxInfo>;
  /** Runs a shell command line; the whole process tree is killed on timeout or abort. */
  run(command: string, options: CommandOptions): Promise<CommandResult>;
}
