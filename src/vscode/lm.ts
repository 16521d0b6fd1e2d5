/**
 * The core ChatModel port over VS Code's language models (`vscode.lm`): models the user already
 * has, such as Copilot's, with no API key. The `vscode` API is a parameter (type-only import), so
 * the translation is unit-tested without VS Code.
 *
 * vscode.lm reports no token usage: input and output are estimated with the model's `countTokens`.
 * The model id is prefixed (`vscode-lm/<id>`) so it matches no entry of the price table: the cost
 * of these calls is unknown, never guessed (a user price override for that id still applies).
 */
import type * as vscode from 'vscode';
import { cancelledError, isSquadError, SquadError } from '../core/common/errors';
import type { ChatMessage, ChatModel, ChatReply, ChatRequest, ToolCall, ToolSpec, Usage } from '../core/llm/chatModel';
import { CallbackError, emitToken } from '../core/llm/tokenCallback';
import { configuredModel, type Settings } from './settings';

export type LmApi = Pick<
  typeof vscode,
  | 'LanguageModelChatMessage'
  | 'LanguageModelTextPart'
  | 'LanguageModelToolCallPart'
  | 'LanguageModelToolResultPart'
  | 'LanguageModelChatToolMode'
  | 'LanguageModelError'
  | 'CancellationTokenSource'
> & { readonly lm: Pick<typeof vscode.lm, 'selectChatModels'> };

export const LM_PROVIDER = 'vscode-lm';
const JUSTIFICATION = "Squad's agents use this model to plan a feature and propose code changes for you to review.";
const CONTEXT_PATTERN = /context[_ ]length|context window|too many tokens|prompt is too long|token limit/i;

export function lmModelId(chat: Pick<vscode.LanguageModelChat, 'id'>): string {
  return `${LM_PROVIDER}/${chat.id}`;
}

export function createLmChatModel(api: LmApi, chat: vscode.LanguageModelChat): ChatModel {
  const model = lmModelId(chat);
  return {
    provider: LM_PROVIDER,
    model,
    async complete(req: ChatRequest): Promise<ChatReply> {
      if (req.signal?.aborted) throw cancelledError(req.signal);
      const cts = new api.CancellationTokenSource();
      const onAbort = () => cts.cancel();
      req.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const messages = toLmMessages(api, req.system, req.messages);
        const response = await chat.sendRequest(messages, requestOptions(api, req), cts.token);
        let text = '';
        const toolCalls: ToolCall[] = [];
        for await (const part of response.stream) {
          if (req.signal?.aborted) throw cancelledError(req.signal);
          if (part instanceof api.LanguageModelTextPart) {
            text += part.value;
            if (req.onToken && part.value !== '') emitToken(req.onToken, part.value);
          } else if (part instanceof api.LanguageModelToolCallPart) {
            toolCalls.push({ id: part.callId, name: part.name, rawArguments: JSON.stringify(part.input ?? {}), arguments: part.input ?? {} });
          }
        }
        if (req.signal?.aborted) throw cancelledError(req.signal);
        const usage = await estimateUsage(chat, req, text, toolCalls, cts.token);
        return { text, toolCalls, usage, model, stopReason: toolCalls.length > 0 ? 'tool_calls' : 'end' };
      } catch (err) {
        if (err instanceof CallbackError) throw err.error;
        throw lmError(api, err, chat, req.signal);
      } finally {
        req.signal?.removeEventListener('abort', onAbort);
        cts.dispose();
      }
    },
  };
}

/**
 * vscode.lm has no system role: the system prompt leads the first user message. Consecutive tool
 * results become one user message, as the API expects after an assistant message with tool calls.
 */
export function toLmMessages(api: LmApi, system: string, messages: readonly ChatMessage[]): vscode.LanguageModelChatMessage[] {
  const out: vscode.LanguageModelChatMessage[] = [];
  let results: vscode.LanguageModelToolResultPart[] = [];
  let systemPending = system.trim() !== '';
  const flush = () => {
    if (results.length > 0) out.push(api.LanguageModelChatMessage.User(results));
    results = [];
  };
  if (systemPending && messages[0]?.role !== 'user') {
    out.push(api.LanguageModelChatMessage.User(system));
    systemPending = false;
  }
  for (const m of messages) {
    if (m.role === 'tool') {
      const content = m.isError ? `ERROR: ${m.content}` : m.content;
      results.push(new api.LanguageModelToolResultPart(m.toolCallId, [new api.LanguageModelTextPart(content)]));
      continue;
    }
    flush();
    if (m.role === 'user') {
      out.push(api.LanguageModelChatMessage.User(systemPending ? `${system}\n\n${m.content}` : m.content));
      systemPending = false;
      continue;
    }
    const parts: (vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart)[] = [];
    if (m.content !== '') parts.push(new api.LanguageModelTextPart(m.content));
    // A call whose arguments were not valid JSON is replayed with none; its error result follows it.
    for (const c of m.toolCalls ?? []) parts.push(new api.LanguageModelToolCallPart(c.id, c.name, asObject(c.arguments)));
    out.push(api.LanguageModelChatMessage.Assistant(parts.length > 0 ? parts : ''));
  }
  flush();
  return out;
}

/** Temperature and output limits have no portable option in vscode.lm, so they are not sent. */
export function requestOptions(api: LmApi, req: ChatRequest): vscode.LanguageModelChatRequestOptions {
  const choice = req.toolChoice;
  let tools: readonly ToolSpec[] = req.tools ?? [];
  // Some models take only one tool in Required mode: a named choice sends just that tool.
  if (typeof choice === 'object') tools = tools.filter((t) => t.name === choice.name);
  if (tools.length === 0) return { justification: JUSTIFICATION };
  return {
    justification: JUSTIFICATION,
    tools: tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.parameters })),
    toolMode: choice === undefined || choice === 'auto' ? api.LanguageModelChatToolMode.Auto : api.LanguageModelChatToolMode.Required,
  };
}

/** One countTokens call for the request's text and one for the reply's; chars / 4 if counting fails. */
async function estimateUsage(
  chat: vscode.LanguageModelChat,
  req: ChatRequest,
  text: string,
  toolCalls: readonly ToolCall[],
  token: vscode.CancellationToken,
): Promise<Usage> {
  const requestText = [
    req.system,
    ...req.messages.map((m) => (m.role === 'assistant' ? `${m.content}${(m.toolCalls ?? []).map((c) => `${c.name}${c.rawArguments}`).join('')}` : m.content)),
    ...(req.tools ?? []).map((t) => `${t.name}${t.description}${JSON.stringify(t.parameters)}`),
  ].join('\n');
  const replyText = `${text}${toolCalls.map((c) => `${c.name}${c.rawArguments}`).join('')}`;
  const count = async (s: string): Promise<number> => {
    if (s === '') return 0;
    try {
      return await chat.countTokens(s, token);
    } catch {
      return Math.ceil(s.length / 4);
    }
  };
  const [input, output] = await Promise.all([count(requestText), count(replyText)]);
  return { input, output, cacheRead: 0, cacheWrite: 0 };
}

function asObject(value: unknown): object {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

/** LanguageModelError codes → SquadError codes; an abort is always `cancelled`. */
export function lmError(api: LmApi, err: unknown, chat: Pick<vscode.LanguageModelChat, 'id' | 'name'>, signal?: AbortSignal): SquadError {
  if (isSquadError(err)) return err;
  if (signal?.aborted) return cancelledError(signal);
  const who = `${chat.name || chat.id} (VS Code language model)`;
  const message = err instanceof Error ? err.message : String(err);
  const cause = err instanceof Error ? err : undefined;
  const make = (code: ConstructorParameters<typeof SquadError>[0], text: string) => new SquadError(code, text, cause ? { cause } : undefined);
  if (err instanceof api.LanguageModelError || (err instanceof Error && err.name === 'LanguageModelError')) {
    const code = (err as { code?: unknown }).code;
    if (code === 'NoPermissions') return make('llm/auth', `VS Code did not allow Squad to use ${who}: ${message}. Allow it when VS Code asks, or choose another model.`);
    if (code === 'Blocked') return make('llm/rate_limited', `${who} is blocked for now (quota or rate limit): ${message}`);
    if (code === 'NotFound') return make('config/invalid', `${who} is no longer available: ${message}. Choose another model (Squad: Choose Models per Role).`);
  }
  if (err instanceof Error && (err.name === 'Canceled' || err.name === 'CancellationError')) return cancelledError(signal);
  if (CONTEXT_PATTERN.test(message)) return make('llm/context_length', `${who} rejected the request: the conversation is longer than its context window (${message}).`);
  return make('llm/server', `${who} failed: ${message}`);
}

/**
 * A role's model: `squad.models[role]`, else `squad.model`, matched against the available models'
 * ids first and then their families; empty means the first model VS Code offers.
 */
export async function selectLmModel(api: LmApi, wanted: string): Promise<vscode.LanguageModelChat> {
  if (wanted !== '') {
    const byId = await api.lm.selectChatModels({ id: wanted });
    if (byId[0]) return byId[0];
    const byFamily = await api.lm.selectChatModels({ family: wanted });
    if (byFamily[0]) return byFamily[0];
  }
  const all = await api.lm.selectChatModels();
  if (wanted === '' && all[0]) return all[0];
  if (all.length === 0) {
    throw new SquadError('config/invalid', 'No language models are available in VS Code. Sign in to GitHub Copilot (or install another model provider), or set squad.provider to openai or anthropic.');
  }
  const names = all.map((m) => `${m.id} (${m.family})`).join(', ');
  throw new SquadError('config/invalid', `No VS Code language model has the id or family "${wanted}". Available: ${names}.`);
}

/** Resolves every role's model up front (selection is async, the core's router is not). */
export async function createLmRouter(
  api: LmApi,
  settings: Settings,
  roles: readonly string[],
  fileModels: Readonly<Record<string, string>> = {},
): Promise<(role: string) => ChatModel> {
  const byWanted = new Map<string, ChatModel>();
  const byRole = new Map<string, ChatModel>();
  for (const role of ['', ...roles]) {
    const fromFile = role !== '' && !ownRoleModel(settings, role) && Object.hasOwn(fileModels, role) ? fileModels[role] : undefined;
    // An agent file names VS Code's models as its picker shows them ("GPT-5 (copilot)"); one this VS Code lacks falls back to the settings.
    const chat = fromFile !== undefined ? await findLmModel(api, fromFile) : undefined;
    const wanted = chat ? `file:${chat.id}` : role === '' ? settings.model : configuredModel(settings, role);
    let model = byWanted.get(wanted);
    if (!model) {
      model = createLmChatModel(api, chat ?? (await selectLmModel(api, wanted)));
      byWanted.set(wanted, model);
    }
    byRole.set(role, model);
  }
  const fallback = byRole.get('') as ChatModel;
  return (role) => byRole.get(role) ?? fallback;
}

function ownRoleModel(settings: Settings, role: string): boolean {
  return Object.hasOwn(settings.models, role) && (settings.models[role] ?? '') !== '';
}

/** A model by id, family or the name VS Code's model picker shows (with or without its "(vendor)"). */
async function findLmModel(api: LmApi, wanted: string): Promise<vscode.LanguageModelChat | undefined> {
  const bare = wanted.replace(/\s*\([^)]*\)\s*$/, '').toLowerCase();
  const all = await api.lm.selectChatModels();
  return all.find((m) => m.id === wanted || m.family === wanted) ?? all.find((m) => m.name.toLowerCase() === wanted.toLowerCase() || m.name.toLowerCase() === bare);
}
