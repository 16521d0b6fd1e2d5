/**
 * ChatModel over `@anthropic-ai/sdk` messages. The system prompt and the tool definitions are the
 * stable prefix of every request of a role, so both carry a cache breakpoint: later turns read them
 * from Anthropic's prompt cache at a fraction of the input price.
 */
import Anthropic from '@anthropic-ai/sdk';
import type {
  ContentBlockParam,
  Message,
  MessageCreateParamsBase,
  MessageParam,
  StopReason as AnthropicStopReason,
  TextBlockParam,
  Tool,
  ToolChoice as AnthropicToolChoice,
} from '@anthropic-ai/sdk/resources/messages';
import { SquadError } from '../common/errors';
import type { ChatMessage, ChatModel, ChatReply, ChatRequest, StopReason, ToolCall, ToolChoice, ToolSpec, Usage } from './chatModel';
import { type AdapterOptions, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, NO_KEY_PLACEHOLDER } from './options';
import { emitToken } from './tokenCallback';
import { adapterModel, watchedStream } from './adapterShell';
import { toolCallFromRaw } from './toolArgs';

/** Anthropic requires max_tokens; this fits an agent turn and stays under the SDK's non-streaming cap. */
const DEFAULT_MAX_OUTPUT_TOKENS = 8192;
const CACHE = { type: 'ephemeral' } as const;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Anthropic wants strictly alternating user/assistant turns, with tool results as blocks of the
 * next user turn; consecutive messages of one side are therefore merged into one turn.
 */
function toMessages(messages: readonly ChatMessage[]): MessageParam[] {
  const out: { role: 'user' | 'assistant'; content: ContentBlockParam[] }[] = [];
  const push = (role: 'user' | 'assistant', blocks: ContentBlockParam[]): void => {
    if (blocks.length === 0) return;
    const last = out.at(-1);
    if (last?.role === role) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const m of messages) {
    if (m.role === 'user') push('user', m.content === '' ? [] : [{ type: 'text', text: m.content }]);
    else if (m.role === 'tool') {
      push('user', [{ type: 'tool_result', tool_use_id: m.toolCallId, ...(m.content === '' ? {} : { content: m.content }), is_error: m.isError ?? false }]);
    } else {
      const blocks: ContentBlockParam[] = m.content === '' ? [] : [{ type: 'text', text: m.content }];
      for (const c of m.toolCalls ?? []) {
        // A call whose arguments did not parse is replayed with empty input; its error result explains.
        blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: isPlainObject(c.arguments) ? c.arguments : {} });
      }
      push('assistant', blocks);
    }
  }
  return out;
}

function toTools(tools: readonly ToolSpec[]): Tool[] {
  return tools.map((t, i) => ({
    name: t.name,
    description: t.description,
    input_schema: { ...t.parameters, type: 'object' },
    ...(i === tools.length - 1 ? { cache_control: CACHE } : {}),
  }));
}

function toToolChoice(choice: ToolChoice): AnthropicToolChoice {
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'required') return { type: 'any' };
  return { type: 'tool', name: choice.name };
}

function toStopReason(reason: AnthropicStopReason | null | undefined, hasToolCalls: boolean): StopReason {
  if (hasToolCalls || reason === 'tool_use') return 'tool_calls';
  if (reason === 'end_turn' || reason === 'stop_sequence') return 'end';
  if (reason === 'max_tokens') return 'max_tokens';
  return 'other';
}

interface UsageLike {
  readonly input_tokens?: number | null;
  readonly output_tokens?: number | null;
  readonly cache_read_input_tokens?: number | null;
  readonly cache_creation_input_tokens?: number | null;
}

/** Applies the counts present in `u` over `base` (message_delta repeats only some of them). */
function mergeUsage(base: Usage, u: UsageLike): Usage {
  return {
    input: u.input_tokens ?? base.input,
    output: u.output_tokens ?? base.output,
    cacheRead: u.cache_read_input_tokens ?? base.cacheRead,
    cacheWrite: u.cache_creation_input_tokens ?? base.cacheWrite,
  };
}

const NO_USAGE: Usage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };

function toolCallFromInput(id: string, name: string, input: unknown): ToolCall {
  // A string input is what a misbehaving server sent instead of an object: parse it like raw text.
  if (typeof input === 'string') return toolCallFromRaw(id, name, input);
  return { id, name, rawArguments: JSON.stringify(input ?? {}), arguments: input ?? {} };
}

export function createAnthropicChatModel(opts: AdapterOptions): ChatModel {
  const provider = opts.provider ?? 'anthropic';
  if (!opts.apiKey && !opts.baseUrl) {
    throw new SquadError('config/missing_key', `No API key is set for ${provider}.`);
  }
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = new Anthropic({
    // Passing the key (never undefined) keeps the SDK from reading env vars or credential files.
    apiKey: opts.apiKey || NO_KEY_PLACEHOLDER,
    baseURL: opts.baseUrl ?? 'https://api.anthropic.com',
    timeout: timeoutMs,
    // Retries happen in adapterModel (retry.ts), where each one can be reported while it waits.
    maxRetries: 0,
  });
  const errorContext = { provider, model: opts.model, timeoutMs, secrets: [opts.apiKey] };

  function params(req: ChatRequest): MessageCreateParamsBase {
    const tools = req.tools ?? [];
    const system: TextBlockParam[] = req.system === '' ? [] : [{ type: 'text', text: req.system, cache_control: CACHE }];
    const p: MessageCreateParamsBase = {
      model: opts.model,
      max_tokens: req.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
      messages: toMessages(req.messages),
    };
    if (system.length > 0) p.system = system;
    if (tools.length > 0) {
      p.tools = toTools(tools);
      if (req.toolChoice) p.tool_choice = toToolChoice(req.toolChoice);
    }
    // `temperature` is deprecated in the current Messages API (the SDK no longer types it): not sent.
    return p;
  }

  async function completeJson(req: ChatRequest): Promise<ChatReply> {
    const res: Message = await client.messages.create({ ...params(req), stream: false }, { signal: req.signal });
    let text = '';
    const toolCalls: ToolCall[] = [];
    for (const block of res.content) {
      if (block.type === 'text') text += block.text;
      else if (block.type === 'tool_use') toolCalls.push(toolCallFromInput(block.id, block.name, block.input));
    }
    return {
      text,
      toolCalls,
      usage: mergeUsage(NO_USAGE, res.usage),
      model: res.model || opts.model,
      stopReason: toStopReason(res.stop_reason, toolCalls.length > 0),
    };
  }

  function completeStream(req: ChatRequest, onToken: (text: string) => void): Promise<ChatReply> {
    return watchedStream(req, { provider, model: opts.model, timeoutMs }, async (watchdog) => {
      const stream = await client.messages.create({ ...params(req), stream: true }, { signal: watchdog.signal });
      watchdog.touch();
      let text = '';
      let model = '';
      let usage = NO_USAGE;
      let stop: AnthropicStopReason | null = null;
      let finished = false;
      // Content blocks by index; tool input arrives as JSON text in pieces.
      const tools = new Map<number, { id: string; name: string; json: string }>();
      for await (const event of stream) {
        watchdog.touch();
        if (req.signal?.aborted) break;
        switch (event.type) {
          case 'message_start':
            model = event.message.model;
            usage = mergeUsage(usage, event.message.usage);
            break;
          case 'content_block_start':
            if (event.content_block.type === 'tool_use') {
              tools.set(event.index, { id: event.content_block.id, name: event.content_block.name, json: '' });
            }
            break;
          case 'content_block_delta':
            if (event.delta.type === 'text_delta') {
              text += event.delta.text;
              emitToken(onToken, event.delta.text);
            } else if (event.delta.type === 'input_json_delta') {
              const tool = tools.get(event.index);
              if (tool) tool.json += event.delta.partial_json;
            }
            break;
          case 'message_delta':
            stop = event.delta.stop_reason;
            usage = mergeUsage(usage, event.usage);
            break;
          case 'message_stop':
            finished = true;
            break;
          default:
            break;
        }
      }
      req.signal?.throwIfAborted();
      if (!finished) throw new SquadError('llm/bad_output', `${provider} (${opts.model}) ended the stream before the reply was complete.`);
      const toolCalls = [...tools.entries()].sort(([a], [b]) => a - b).map(([, t]) => toolCallFromRaw(t.id, t.name, t.json));
      return { text, toolCalls, usage, model: model || opts.model, stopReason: toStopReason(stop, toolCalls.length > 0) };
    });
  }

  const retries = { maxRetries: opts.maxRetries ?? DEFAULT_MAX_RETRIES, ...(opts.onRetry ? { onRetry: opts.onRetry } : {}) };
  return adapterModel(provider, opts.model, errorContext, { json: completeJson, stream: completeStream }, retries);
}
