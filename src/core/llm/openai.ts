/**
 * ChatModel over the `openai` SDK's chat completions: OpenAI itself and any OpenAI-compatible
 * server (Ollama, LM Studio, vLLM, OpenRouter) through `baseUrl`.
 */
import OpenAI from 'openai';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import { SquadError } from '../common/errors';
import type { ChatMessage, ChatModel, ChatReply, ChatRequest, StopReason, ToolCall, ToolChoice, ToolSpec, Usage } from './chatModel';
import { ZERO_USAGE } from './chatModel';
import { type AdapterOptions, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, NO_KEY_PLACEHOLDER } from './options';
import { emitToken } from './tokenCallback';
import { adapterModel, watchedStream } from './adapterShell';
import { toolCallFromRaw } from './toolArgs';

function toMessages(system: string, messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = system === '' ? [] : [{ role: 'system', content: system }];
  for (const m of messages) {
    if (m.role === 'user') out.push({ role: 'user', content: m.content });
    else if (m.role === 'tool') {
      // Chat completions has no error flag on tool results, so say it in the text.
      out.push({ role: 'tool', tool_call_id: m.toolCallId, content: m.isError ? `ERROR: ${m.content}` : m.content });
    } else {
      const calls = m.toolCalls ?? [];
      out.push({
        role: 'assistant',
        content: m.content === '' && calls.length > 0 ? null : m.content,
        ...(calls.length > 0
          ? { tool_calls: calls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.rawArguments } })) }
          : {}),
      });
    }
  }
  return out;
}

function toTools(tools: readonly ToolSpec[]): ChatCompletionTool[] {
  return tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
}

function toToolChoice(choice: ToolChoice): ChatCompletionToolChoiceOption {
  if (choice === 'auto' || choice === 'required') return choice;
  return { type: 'function', function: { name: choice.name } };
}

function toUsage(u: CompletionUsage | null | undefined): Usage {
  if (!u) return ZERO_USAGE;
  const cached = u.prompt_tokens_details?.cached_tokens ?? 0;
  return { input: Math.max(0, u.prompt_tokens - cached), output: u.completion_tokens, cacheRead: cached, cacheWrite: 0 };
}

function toStopReason(finish: string | null | undefined, hasToolCalls: boolean): StopReason {
  // Some compatible servers (Ollama) report 'stop' even when the reply is tool calls.
  if (hasToolCalls || finish === 'tool_calls' || finish === 'function_call') return 'tool_calls';
  if (finish === 'stop') return 'end';
  if (finish === 'length') return 'max_tokens';
  return 'other';
}

export function createOpenAIChatModel(opts: AdapterOptions): ChatModel {
  const provider = opts.provider ?? 'openai';
  if (!opts.apiKey && !opts.baseUrl) {
    throw new SquadError('config/missing_key', `No API key is set for ${provider}; set one, or a baseUrl for a local OpenAI-compatible server.`);
  }
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = new OpenAI({
    // Local servers (Ollama, LM Studio, vLLM) need no key, but the SDK refuses to start without one.
    apiKey: opts.apiKey || NO_KEY_PLACEHOLDER,
    baseURL: opts.baseUrl ?? 'https://api.openai.com/v1',
    timeout: timeoutMs,
    // Retries happen in adapterModel (retry.ts), where each one can be reported while it waits.
    maxRetries: 0,
  });
  const errorContext = { provider, model: opts.model, timeoutMs, secrets: [opts.apiKey] };

  function params(req: ChatRequest): ChatCompletionCreateParamsBase {
    const tools = req.tools ?? [];
    const p: ChatCompletionCreateParamsBase = { model: opts.model, messages: toMessages(req.system, req.messages) };
    if (tools.length > 0) {
      p.tools = toTools(tools);
      if (req.toolChoice) p.tool_choice = toToolChoice(req.toolChoice);
    }
    if (req.maxOutputTokens !== undefined) {
      // OpenAI's reasoning models refuse `max_tokens`; many compatible servers know only it.
      if (opts.baseUrl) p.max_tokens = req.maxOutputTokens;
      else p.max_completion_tokens = req.maxOutputTokens;
    }
    if (req.temperature !== undefined) p.temperature = req.temperature;
    return p;
  }

  async function completeJson(req: ChatRequest): Promise<ChatReply> {
    const res: ChatCompletion = await client.chat.completions.create({ ...params(req), stream: false }, { signal: req.signal });
    const choice = res.choices[0];
    if (!choice) throw new SquadError('llm/bad_output', `${provider} (${opts.model}) returned no choices.`);
    const toolCalls: ToolCall[] = (choice.message.tool_calls ?? []).flatMap((c, i) =>
      c.type === 'function' ? [toolCallFromRaw(c.id || `call_${i}`, c.function.name, c.function.arguments ?? '')] : [],
    );
    return {
      text: choice.message.content ?? '',
      toolCalls,
      usage: toUsage(res.usage),
      model: res.model || opts.model,
      stopReason: toStopReason(choice.finish_reason, toolCalls.length > 0),
    };
  }

  function completeStream(req: ChatRequest, onToken: (text: string) => void): Promise<ChatReply> {
    return watchedStream(req, { provider, model: opts.model, timeoutMs }, async (watchdog) => {
      const stream = await client.chat.completions.create(
        { ...params(req), stream: true, stream_options: { include_usage: true } },
        { signal: watchdog.signal },
      );
      watchdog.touch();
      let text = '';
      let model = '';
      let finish: string | null | undefined;
      let usage: Usage = ZERO_USAGE;
      // Tool calls arrive as fragments keyed by index: id and name once, arguments in pieces.
      const calls: { id: string; name: string; args: string }[] = [];
      for await (const chunk of stream) {
        watchdog.touch();
        if (req.signal?.aborted) break;
        if (chunk.model) model = chunk.model;
        if (chunk.usage) usage = toUsage(chunk.usage);
        const choice = chunk.choices[0];
        if (!choice) continue;
        if (choice.finish_reason) finish = choice.finish_reason;
        const delta = choice.delta;
        if (delta?.content) {
          text += delta.content;
          emitToken(onToken, delta.content);
        }
        for (const frag of delta?.tool_calls ?? []) {
          const slot = (calls[frag.index] ??= { id: '', name: '', args: '' });
          if (frag.id) slot.id = frag.id;
          if (frag.function?.name) slot.name = frag.function.name;
          if (frag.function?.arguments) slot.args += frag.function.arguments;
        }
      }
      req.signal?.throwIfAborted();
      if (finish === undefined) {
        throw new SquadError('llm/bad_output', `${provider} (${opts.model}) ended the stream before the reply was complete.`);
      }
      const toolCalls = calls.filter((c) => c !== undefined).map((c, i) => toolCallFromRaw(c.id || `call_${i}`, c.name, c.args));
      return { text, toolCalls, usage, model: model || opts.model, stopReason: toStopReason(finish, toolCalls.length > 0) };
    });
  }

  const retries = { maxRetries: opts.maxRetries ?? DEFAULT_MAX_RETRIES, ...(opts.onRetry ? { onRetry: opts.onRetry } : {}) };
  return adapterModel(provider, opts.model, errorContext, { json: completeJson, stream: completeStream }, retries);
}
