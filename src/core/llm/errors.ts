/**
 * Maps every failure of the model SDKs to a SquadError with a closed code. Callers branch on the
 * code; messages are for people and never carry an API key.
 *
 * Mapping: 401/403 → llm/auth; 429 → llm/rate_limited; 400/413 saying the prompt is too long →
 * llm/context_length; other 400/404/422 → config/invalid (the endpoint refuses what we were set up to
 * send: wrong model, base URL or parameter); 408 and SDK timeouts → llm/timeout; 5xx → llm/server;
 * refused or dropped connections, including a stream cut mid-way → llm/network (the reply may well
 * succeed when asked again, unlike llm/bad_output, which means the model or server answered
 * something unusable); an abort → cancelled.
 */
import { isSdkAbort, isSdkApiError, isSdkConnectionError, isSdkTimeout, type SdkApiError, sdkErrorCode } from './sdkErrors';
import { SquadError, type SquadErrorCode, cancelledError, isSquadError } from '../common/errors';

export interface ErrorContext {
  /** Shown in messages, e.g. 'openai'. */
  readonly provider?: string;
  readonly model?: string;
  /** The configured timeout, quoted when a request times out. */
  readonly timeoutMs?: number;
  /** Strings to blank out of every message (the API key). */
  readonly secrets?: readonly (string | undefined)[];
}

const LABELS: Record<string, string> = { openai: 'OpenAI', anthropic: 'Anthropic' };

/** Blanks out the given secrets and anything shaped like a bearer token or provider key. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) if (s !== undefined && s.length >= 4) out = out.split(s).join('[redacted]');
  return out
    .replace(/\bsk-[A-Za-z0-9_\-*]{6,}/g, 'sk-[redacted]')
    .replace(/\b(Bearer)\s+[A-Za-z0-9_\-.=:+/]{6,}/gi, '$1 [redacted]');
}

const CONTEXT_PATTERN = /context[_ ]length|context window|maximum context|prompt is too long|too many (input )?tokens|reduce the length/i;

/** Network failures below the SDK: refused connections, resets, a body cut mid-way. */
function isConnectionDrop(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^(ECONN|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_)/.test(code)) return true;
    if (/^(terminated|other side closed|socket hang up|premature close)/i.test(e.message)) return true;
  }
  return false;
}

function isInvalidUrl(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if ((e as { code?: unknown }).code === 'ERR_INVALID_URL') return true;
  }
  return false;
}

function isAbort(err: unknown): boolean {
  return isSdkAbort(err) || (err instanceof Error && err.name === 'AbortError');
}

function codeForStatus(status: number, detail: string, apiCode: string): SquadErrorCode {
  if (status === 401 || status === 403) return 'llm/auth';
  if (status === 429) return 'llm/rate_limited';
  if (status === 408) return 'llm/timeout';
  if ((status === 400 || status === 413) && (apiCode === 'context_length_exceeded' || CONTEXT_PATTERN.test(detail))) {
    return 'llm/context_length';
  }
  if (status === 413) return 'llm/context_length';
  if (status >= 500) return 'llm/server';
  if (status === 400 || status === 404 || status === 422) return 'config/invalid';
  return 'llm/server';
}

const ADVICE: Partial<Record<SquadErrorCode, string>> = {
  'llm/auth': 'was refused: check the API key and that it may use this model',
  'llm/rate_limited': 'is rate limited or out of quota; try again later or lower the concurrency',
  'llm/context_length': 'rejected the request because the conversation is longer than the model\'s context window',
  'llm/server': 'failed on the server side',
  'llm/timeout': 'timed out',
  'config/invalid': 'rejected the request',
};

/** What to do about it, after the provider's own words. */
const HINTS: Partial<Record<SquadErrorCode, string>> = {
  'config/invalid': 'Check the model name and the base URL.',
};

const MAX_DETAIL = 300;

/** Flattens a provider's text to one line: HTML reduced to its title or text, whitespace collapsed, clipped. */
function oneLine(text: string): string {
  let t = text;
  if (/<\/?[a-z][^>]*>/i.test(t)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(t)?.[1];
    t = title ?? t.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, ' ');
  }
  t = t.replace(/\s+/g, ' ').trim();
  return t.length > MAX_DETAIL ? `${t.slice(0, MAX_DETAIL - 1)}…` : t;
}

/** The human message inside an error body of any common shape (OpenAI, Anthropic, FastAPI, Ollama). */
function messageIn(body: unknown, depth = 0): string | undefined {
  if (typeof body === 'string') return body.trim() === '' ? undefined : body;
  if (depth > 3 || typeof body !== 'object' || body === null) return undefined;
  if (Array.isArray(body)) return messageIn(body[0], depth + 1);
  const record = body as Record<string, unknown>;
  for (const key of ['message', 'error', 'detail', 'msg']) {
    const found = messageIn(record[key], depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The provider's explanation in one clean line. OpenAI keeps the inner `error` object, Anthropic
 * the whole body; a body that was not JSON survives only in the SDK's message ("404 <html>…").
 */
function apiDetail(err: SdkApiError): string {
  const fromBody = messageIn(err.error);
  if (fromBody !== undefined) return oneLine(fromBody);
  const rest = err.message.replace(/^\d{3}\s+/, '').trim();
  if (rest === '' || /^status code \(no body\)$/.test(rest)) return 'no explanation was given';
  let parsed: unknown;
  try {
    parsed = JSON.parse(rest);
  } catch {
    parsed = undefined;
  }
  return oneLine(messageIn(parsed) ?? rest);
}

const sentence = (text: string): string => (/[.!?…]$/.test(text) ? text : `${text}.`);

export function toSquadError(err: unknown, signal?: AbortSignal, ctx: ErrorContext = {}): SquadError {
  if (isSquadError(err)) return err;
  if (signal?.aborted || isAbort(err)) return cancelledError(signal);

  const who = `${LABELS[ctx.provider ?? ''] ?? ctx.provider ?? 'The model provider'}${ctx.model ? ` (${ctx.model})` : ''}`;
  const clean = (s: string): string => redact(s, ctx.secrets);
  // The raw SDK error can echo the key in its message; keep a redacted copy as the cause instead.
  const cause = (e: unknown): Error => {
    const copy = new Error(clean(e instanceof Error ? e.message : String(e)));
    // OpenAI's error classes keep the default name 'Error'; the class name says more.
    copy.name = e instanceof Error ? (e.name === 'Error' ? e.constructor.name : e.name) : 'Error';
    return copy;
  };
  const make = (code: SquadErrorCode, message: string): SquadError => new SquadError(code, clean(message), { cause: cause(err) });

  if (isSdkTimeout(err)) {
    const limit = ctx.timeoutMs === undefined ? '' : ` within ${ctx.timeoutMs / 1000} s`;
    return make('llm/timeout', `${who} did not answer${limit}.`);
  }
  if (isSdkConnectionError(err)) {
    const why = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return make('llm/network', `Could not reach ${who}${why}.`);
  }
  if (isSdkApiError(err) && typeof err.status === 'number') {
    const detail = apiDetail(err);
    const code = codeForStatus(err.status, detail, sdkErrorCode(err));
    const advice = ADVICE[code] ?? 'failed';
    const hint = HINTS[code];
    return make(code, `${who} ${advice} (HTTP ${err.status}): ${hint ? `${sentence(detail)} ${hint}` : detail}`);
  }
  if (isSdkApiError(err)) {
    // No status: the server sent an error event in the middle of a stream.
    return make('llm/server', `${who} reported an error while streaming: ${apiDetail(err)}`);
  }
  if (isInvalidUrl(err)) {
    // The base URL passed every front end's check but not the fetch implementation's.
    return make('config/invalid', `${who} could not be called: its base URL is not valid. Check the base URL.`);
  }
  if (isConnectionDrop(err)) {
    const msg = err instanceof Error ? err.message : String(err);
    return make('llm/network', `The connection to ${who} dropped before the reply was complete (${msg}).`);
  }
  const msg = err instanceof Error ? err.message : String(err);
  return make('llm/bad_output', `${who} sent a reply that could not be read: ${msg}`);
}
