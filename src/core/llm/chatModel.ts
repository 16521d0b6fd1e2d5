/**
 * The one port every model provider implements (OpenAI and compatible servers, Anthropic,
 * and in the extension vscode.lm). Core code talks only to this interface.
 */

/** A JSON Schema object describing a tool's arguments (as produced by `z.toJSONSchema`). */
export type JsonSchema = Record<string, unknown>;

export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  readonly parameters: JsonSchema;
}

export interface ToolCall {
  readonly id: string;
  readonly name: string;
  /** The exact text the model sent as arguments. */
  readonly rawArguments: string;
  /** Parsed arguments, or undefined when `rawArguments` is not valid JSON (see `argumentsError`). */
  readonly arguments: unknown;
  /** Set when the arguments could not be parsed; the caller sends it back to the model to correct. */
  readonly argumentsError?: string;
}

export type ChatMessage =
  | { readonly role: 'user'; readonly content: string }
  | { readonly role: 'assistant'; readonly content: string; readonly toolCalls?: readonly ToolCall[] }
  | { readonly role: 'tool'; readonly toolCallId: string; readonly toolName: string; readonly content: string; readonly isError?: boolean };

export type ToolChoice = 'auto' | 'required' | { readonly name: string };

export interface ChatRequest {
  /** The stable prefix: role prompt. Providers that support it cache this part. */
  readonly system: string;
  readonly messages: readonly ChatMessage[];
  readonly tools?: readonly ToolSpec[];
  readonly toolChoice?: ToolChoice;
  readonly maxOutputTokens?: number;
  readonly temperature?: number;
  readonly signal?: AbortSignal;
  /** Called with each streamed text fragment; when set, the adapter streams. */
  readonly onToken?: (text: string) => void;
}

export interface Usage {
  /** Input tokens that were neither read from nor written to a prompt cache. */
  readonly input: number;
  readonly output: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
}

export const ZERO_USAGE: Usage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    input: a.input + b.input,
    output: a.output + b.output,
    cacheRead: a.cacheRead + b.cacheRead,
    cacheWrite: a.cacheWrite + b.cacheWrite,
  };
}

export type StopReason = 'end' | 'tool_calls' | 'max_tokens' | 'other';

export interface ChatReply {
  readonly text: string;
  readonly toolCalls: readonly ToolCall[];
  readonly usage: Usage;
  /** The model that answered, as the provider names it. */
  readonly model: string;
  readonly stopReason: StopReason;
}

export interface ChatModel {
  /** 'openai', 'anthropic', 'vscode-lm', … */
  readonly provider: string;
  /** The model id requests go to; also the key into the price table. */
  readonly model: string;
  /** Throws SquadError with an `llm/*` code or `cancelled`; never a raw SDK error. */
  complete(request: ChatRequest): Promise<ChatReply>;
}
