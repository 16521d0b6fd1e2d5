/**
 * Turns either wire protocol's request body into one plain-text conversation, and decides which
 * scripted turn answers it. Both protocols normalise to the same shape so one script serves both.
 */
import type { ScriptedTurn, TurnMatch } from './script';

export type Protocol = 'openai' | 'anthropic';

export interface NormalMessage {
  readonly role: 'user' | 'assistant' | 'tool';
  readonly text: string;
}

export interface Conversation {
  readonly model: string;
  readonly system: string;
  readonly messages: readonly NormalMessage[];
  readonly stream: boolean;
  /** OpenAI only: `stream_options.include_usage`. */
  readonly includeUsage: boolean;
}

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Text of a content field that is a string or an array of `{type:'text', text}`-like parts. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (isObj(part) ? str(part['text']) : typeof part === 'string' ? part : ''))
    .filter((t) => t !== '')
    .join('\n');
}

function openaiConversation(body: Json): Conversation {
  const system: string[] = [];
  const messages: NormalMessage[] = [];
  for (const m of Array.isArray(body['messages']) ? body['messages'] : []) {
    if (!isObj(m)) continue;
    const role = str(m['role']);
    const text = contentText(m['content']);
    if (role === 'system' || role === 'developer') system.push(text);
    else if (role === 'user') messages.push({ role: 'user', text });
    else if (role === 'tool') messages.push({ role: 'tool', text });
    else if (role === 'assistant') {
      const calls = Array.isArray(m['tool_calls']) ? m['tool_calls'] : [];
      const callText = calls.map((c) => {
        const fn = isObj(c) && isObj(c['function']) ? c['function'] : {};
        return `${str(fn['name'])}(${str(fn['arguments'])})`;
      });
      messages.push({ role: 'assistant', text: [text, ...callText].filter((t) => t !== '').join('\n') });
    }
  }
  const opts = isObj(body['stream_options']) ? body['stream_options'] : {};
  return {
    model: str(body['model']),
    system: system.join('\n'),
    messages,
    stream: body['stream'] === true,
    includeUsage: opts['include_usage'] === true,
  };
}

function anthropicConversation(body: Json): Conversation {
  const messages: NormalMessage[] = [];
  for (const m of Array.isArray(body['messages']) ? body['messages'] : []) {
    if (!isObj(m)) continue;
    const role = str(m['role']);
    const content = m['content'];
    if (typeof content === 'string') {
      messages.push({ role: role === 'assistant' ? 'assistant' : 'user', text: content });
      continue;
    }
    if (!Array.isArray(content)) continue;
    if (role === 'assistant') {
      const parts = content.map((b) => {
        if (!isObj(b)) return '';
        if (b['type'] === 'tool_use') return `${str(b['name'])}(${JSON.stringify(b['input'] ?? {})})`;
        return str(b['text']);
      });
      messages.push({ role: 'assistant', text: parts.filter((t) => t !== '').join('\n') });
      continue;
    }
    // A user turn may carry tool results and text; each tool result counts as its own message so
    // "last" means the same thing in both protocols.
    const texts: string[] = [];
    for (const b of content) {
      if (isObj(b) && b['type'] === 'tool_result') messages.push({ role: 'tool', text: contentText(b['content']) });
      else if (isObj(b)) texts.push(str(b['text']));
    }
    const text = texts.filter((t) => t !== '').join('\n');
    if (text !== '') messages.push({ role: 'user', text });
  }
  return {
    model: str(body['model']),
    system: contentText(body['system']),
    messages,
    stream: body['stream'] === true,
    includeUsage: true,
  };
}

export function normalise(protocol: Protocol, body: unknown): Conversation {
  const b = isObj(body) ? body : {};
  return protocol === 'openai' ? openaiConversation(b) : anthropicConversation(b);
}

export function conversationText(c: Conversation): string {
  return [c.system, ...c.messages.map((m) => m.text)].join('\n');
}

export function lastMessageText(c: Conversation): string {
  return c.messages.at(-1)?.text ?? '';
}

export function matches(match: TurnMatch | undefined, c: Conversation): boolean {
  if (!match) return true;
  const all = conversationText(c);
  if (match.system !== undefined && !c.system.includes(match.system)) return false;
  if (match.contains && !match.contains.every((s) => all.includes(s))) return false;
  if (match.notContains && match.notContains.some((s) => all.includes(s))) return false;
  if (match.last !== undefined && !lastMessageText(c).includes(match.last)) return false;
  if (match.assistantTurns !== undefined) {
    const n = c.messages.filter((m) => m.role === 'assistant').length;
    if (n !== match.assistantTurns) return false;
  }
  if (match.model !== undefined && c.model !== match.model) return false;
  return true;
}

/** Index of the first turn, in script order, that matches and is not used up; -1 when none. */
export function pickTurn(turns: readonly ScriptedTurn[], used: readonly number[], c: Conversation): number {
  return turns.findIndex((t, i) => (t.times === undefined || (used[i] ?? 0) < t.times) && matches(t.match, c));
}
