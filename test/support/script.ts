/**
 * The scripted model server's script format. Plain JSON so a recorded session can be stored as a
 * file (the offline demo model replays one). One script serves both wire protocols.
 */

/** All given conditions must hold for a turn to answer a request. */
export interface TurnMatch {
  /** Substring of the system prompt. */
  readonly system?: string;
  /** Each substring appears somewhere in the conversation (system, messages, tool results). */
  readonly contains?: readonly string[];
  /** None of these substrings appears anywhere in the conversation. */
  readonly notContains?: readonly string[];
  /** Substring of the last message (usually the latest user message or tool result). */
  readonly last?: string;
  /** Number of assistant messages already in the conversation: 0 for the first turn of a loop. */
  readonly assistantTurns?: number;
  /** Exact model id of the request. */
  readonly model?: string;
}

export interface ScriptedToolCall {
  readonly id?: string;
  readonly name: string;
  /** An object is sent as its JSON; a string is sent verbatim (so it can be malformed JSON). */
  readonly arguments: unknown;
}

export interface ScriptedUsage {
  readonly input?: number;
  readonly output?: number;
  readonly cacheRead?: number;
  readonly cacheWrite?: number;
}

export type Fault =
  /** Answer with this HTTP status and an error body in the protocol's shape. */
  | { readonly kind: 'status'; readonly status: number; readonly retryAfterSeconds?: number; readonly message?: string; readonly errorType?: string }
  /** Wait this long before sending the status line and headers. */
  | { readonly kind: 'slowFirstByte'; readonly ms: number }
  /** Stream this many SSE events of the reply, then destroy the socket. Only for streamed requests. */
  | { readonly kind: 'cutStream'; readonly afterEvents: number };

export interface ScriptedTurn {
  /** Shown in the server's log and in "no turn matched" errors. */
  readonly name?: string;
  readonly match?: TurnMatch;
  readonly reply?: {
    readonly text?: string;
    readonly toolCalls?: readonly ScriptedToolCall[];
    readonly usage?: ScriptedUsage;
    readonly stopReason?: 'end' | 'tool_calls' | 'max_tokens';
  };
  readonly fault?: Fault;
  /** How many requests this turn answers before it is used up; unlimited when absent. */
  readonly times?: number;
  /** Extra latency before answering (benchmarks use it to model a real provider). */
  readonly delayMs?: number;
}

export interface Script {
  readonly turns: readonly ScriptedTurn[];
  /** Latency added to every answer, in milliseconds. */
  readonly latencyMs?: number;
}
