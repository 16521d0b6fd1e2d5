/**
 * The two wire formats the scripted server speaks: OpenAI chat completions and Anthropic messages,
 * as JSON bodies and as SSE event lists, shaped like the real APIs' answers.
 */
import type { ScriptedTurn } from './script';
import { type Conversation, type Protocol, conversationText } from './scriptedMatch';

export interface WireToolCall {
  readonly id: string;
  readonly name: string;
  /** Exactly what goes over the wire as the arguments text. */
  readonly args: string;
}

export interface WireReply {
  readonly text: string;
  readonly toolCalls: readonly WireToolCall[];
  readonly usage: { readonly input: number; readonly output: number; readonly cacheRead: number; readonly cacheWrite: number };
  readonly stopReason: 'end' | 'tool_calls' | 'max_tokens';
}

const estimate = (chars: number): number => Math.max(1, Math.ceil(chars / 4));

export function resolveReply(turn: ScriptedTurn, c: Conversation, protocol: Protocol, turnIndex: number): WireReply {
  const r = turn.reply ?? {};
  const text = r.text ?? '';
  const prefix = protocol === 'openai' ? 'call' : 'toolu';
  const toolCalls = (r.toolCalls ?? []).map((tc, i) => ({
    id: tc.id ?? `${prefix}_${turnIndex}_${i}_${Math.random().toString(36).slice(2, 8)}`,
    name: tc.name,
    // A string is sent verbatim so scripts can inject malformed JSON.
    args: typeof tc.arguments === 'string' ? tc.arguments : JSON.stringify(tc.arguments ?? {}),
  }));
  const outChars = text.length + toolCalls.reduce((n, tc) => n + tc.name.length + tc.args.length, 0);
  const u = r.usage ?? {};
  return {
    text,
    toolCalls,
    usage: {
      input: u.input ?? estimate(conversationText(c).length),
      output: u.output ?? estimate(outChars),
      cacheRead: u.cacheRead ?? 0,
      cacheWrite: u.cacheWrite ?? 0,
    },
    stopReason: r.stopReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'end'),
  };
}

/** Splits text into word-sized fragments, keeping whitespace, so streams have several deltas. */
export function fragments(text: string): string[] {
  return text.match(/\s*\S+\s*|\s+/g) ?? [];
}

/** Splits tool arguments into up to three pieces, as real streams cut JSON anywhere. */
function argPieces(args: string): string[] {
  if (args.length === 0) return [];
  const size = Math.max(1, Math.ceil(args.length / 3));
  const out: string[] = [];
  for (let i = 0; i < args.length; i += size) out.push(args.slice(i, i + size));
  return out;
}

const sse = (data: unknown): string => `data: ${JSON.stringify(data)}\n\n`;
const namedSse = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const nowSeconds = (): number => Math.floor(Date.now() / 1000);
const randomId = (): string => Math.random().toString(36).slice(2, 14);

// ---- OpenAI ----------------------------------------------------------------------------------

const finishReason = { end: 'stop', tool_calls: 'tool_calls', max_tokens: 'length' } as const;

function openaiUsage(r: WireReply): Record<string, unknown> {
  // OpenAI's prompt_tokens include cached ones; it reports no cache writes (they count as input).
  const prompt = r.usage.input + r.usage.cacheRead + r.usage.cacheWrite;
  return {
    prompt_tokens: prompt,
    completion_tokens: r.usage.output,
    total_tokens: prompt + r.usage.output,
    prompt_tokens_details: { cached_tokens: r.usage.cacheRead, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

export function openaiJson(r: WireReply, model: string): unknown {
  const message: Record<string, unknown> = { role: 'assistant', content: r.text === '' && r.toolCalls.length > 0 ? null : r.text, refusal: null };
  if (r.toolCalls.length > 0) {
    message['tool_calls'] = r.toolCalls.map((tc) => ({ id: tc.id, type: 'function', function: { name: tc.name, arguments: tc.args } }));
  }
  return {
    id: `chatcmpl-${randomId()}`,
    object: 'chat.completion',
    created: nowSeconds(),
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason[r.stopReason] }],
    usage: openaiUsage(r),
    system_fingerprint: 'fp_scripted',
  };
}

export function openaiEvents(r: WireReply, model: string, includeUsage: boolean): string[] {
  const id = `chatcmpl-${randomId()}`;
  const created = nowSeconds();
  const chunk = (delta: unknown, finish: string | null = null): string =>
    sse({
      id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_scripted',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(includeUsage ? { usage: null } : {}),
    });
  const events = [chunk({ role: 'assistant', content: '', refusal: null })];
  for (const f of fragments(r.text)) events.push(chunk({ content: f }));
  r.toolCalls.forEach((tc, index) => {
    events.push(chunk({ tool_calls: [{ index, id: tc.id, type: 'function', function: { name: tc.name, arguments: '' } }] }));
    for (const piece of argPieces(tc.args)) events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  events.push(chunk({}, finishReason[r.stopReason]));
  if (includeUsage) {
    events.push(sse({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_scripted', choices: [], usage: openaiUsage(r) }));
  }
  events.push('data: [DONE]\n\n');
  return events;
}

// ---- Anthropic -------------------------------------------------------------------------------

const stopReason = { end: 'end_turn', tool_calls: 'tool_use', max_tokens: 'max_tokens' } as const;

function anthropicUsage(r: WireReply, output: number): Record<string, unknown> {
  return {
    input_tokens: r.usage.input,
    output_tokens: output,
    cache_creation_input_tokens: r.usage.cacheWrite,
    cache_read_input_tokens: r.usage.cacheRead,
    service_tier: 'standard',
  };
}

/** Anthropic sends parsed `input` objects; a string that is not JSON is passed through as is. */
function toolInput(args: string): unknown {
  try {
    return JSON.parse(args);
  } catch {
    return args;
  }
}

export function anthropicJson(r: WireReply, model: string): unknown {
  const content: unknown[] = [];
  if (r.text !== '' || r.toolCalls.length === 0) content.push({ type: 'text', text: r.text });
  for (const tc of r.toolCalls) content.push({ type: 'tool_use', id: tc.id, name: tc.name, input: toolInput(tc.args) });
  return {
    id: `msg_${randomId()}`,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: stopReason[r.stopReason],
    stop_sequence: null,
    usage: anthropicUsage(r, r.usage.output),
  };
}

export function anthropicEvents(r: WireReply, model: string): string[] {
  const message = { id: `msg_${randomId()}`, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: anthropicUsage(r, 1) };
  const events = [namedSse('message_start', { type: 'message_start', message }), namedSse('ping', { type: 'ping' })];
  let index = 0;
  if (r.text !== '') {
    events.push(namedSse('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }));
    for (const f of fragments(r.text)) {
      events.push(namedSse('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: f } }));
    }
    events.push(namedSse('content_block_stop', { type: 'content_block_stop', index }));
    index++;
  }
  for (const tc of r.toolCalls) {
    events.push(namedSse('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: tc.id, name: tc.name, input: {} } }));
    for (const piece of argPieces(tc.args)) {
      events.push(namedSse('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } }));
    }
    events.push(namedSse('content_block_stop', { type: 'content_block_stop', index }));
    index++;
  }
  events.push(namedSse('message_delta', { type: 'message_delta', delta: { stop_reason: stopReason[r.stopReason], stop_sequence: null }, usage: { output_tokens: r.usage.output } }));
  events.push(namedSse('message_stop', { type: 'message_stop' }));
  return events;
}

// ---- Errors ----------------------------------------------------------------------------------

const openaiErrorType: Record<number, [type: string, code: string | null]> = {
  400: ['invalid_request_error', null],
  401: ['invalid_request_error', 'invalid_api_key'],
  403: ['invalid_request_error', 'unsupported_country_region_territory'],
  404: ['invalid_request_error', 'model_not_found'],
  429: ['requests', 'rate_limit_exceeded'],
};

const anthropicErrorType: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

/** An error body in the protocol's shape. `errorType` is OpenAI's `code` or Anthropic's `type`. */
export function errorBody(protocol: Protocol, status: number, message: string, errorType?: string): unknown {
  if (protocol === 'openai') {
    const [type, code] = openaiErrorType[status] ?? (status >= 500 ? ['server_error', null] : ['invalid_request_error', null]);
    return { error: { message, type, param: null, code: errorType ?? code } };
  }
  const type = errorType ?? anthropicErrorType[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  return { type: 'error', error: { type, message }, request_id: `req_${randomId()}` };
}
