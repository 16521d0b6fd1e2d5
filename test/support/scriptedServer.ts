/**
 * A scripted model server on 127.0.0.1 that speaks the OpenAI chat-completions and Anthropic
 * messages wire protocols, so tests and the offline demo drive the real SDK clients.
 *
 * Each request is answered by the first turn of the script (in order) whose `match` holds and that
 * is not used up; no match is a 400 in the protocol's error shape naming the last message.
 *
 * Standalone: `node --import tsx test/support/scriptedServer.ts --script FILE.json [--port N]`
 * prints `SCRIPTED_SERVER_URL=http://127.0.0.1:PORT` and serves until SIGTERM/SIGINT.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleepFor } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import type { Fault, Script } from './script';
import { type Conversation, type Protocol, lastMessageText, normalise, pickTurn } from './scriptedMatch';
import { anthropicEvents, anthropicJson, errorBody, openaiEvents, openaiJson, resolveReply } from './scriptedWire';

export type { Protocol } from './scriptedMatch';

export interface RecordedRequest {
  readonly protocol: Protocol | 'unknown';
  readonly method: string;
  readonly path: string;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body (the raw text when it was not JSON). */
  readonly body: unknown;
  /** Index of the turn that answered, or -1 when none matched. */
  readonly turnIndex: number;
  readonly turnName?: string;
  /** The HTTP status the server chose to answer with. */
  readonly status: number;
}

export interface ScriptedServer {
  readonly url: string;
  readonly port: number;
  /** For the OpenAI SDK's `baseURL`: requests go to `${openaiBaseUrl}/chat/completions`. */
  readonly openaiBaseUrl: string;
  /** For the Anthropic SDK's `baseURL`: it appends `/v1/messages` itself. */
  readonly anthropicBaseUrl: string;
  /** Every request received, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Replaces the script and resets how often each turn was used. */
  setScript(script: Script): void;
  close(): Promise<void>;
}

export interface ScriptedServerOptions {
  readonly port?: number;
  /** Pause between SSE events, so streams look like a real model typing (the demo uses it). */
  readonly eventIntervalMs?: number;
  /** Where "no turn matched" and, with `verbose`, every answer is logged. Defaults to stderr. */
  readonly log?: (line: string) => void;
  readonly verbose?: boolean;
}

const ROUTES: Record<string, Protocol> = { '/v1/chat/completions': 'openai', '/v1/messages': 'anthropic' };

function defaultFaultMessage(protocol: Protocol, status: number, apiKey: string): string {
  if (status === 401) return protocol === 'openai' ? `Incorrect API key provided: ${apiKey}.` : `invalid x-api-key: ${apiKey}`;
  if (status === 429) return 'Rate limit reached for requests. Please try again later.';
  if (status === 529) return 'Overloaded';
  if (status >= 500) return 'The server had an error while processing your request.';
  return `Scripted error with status ${status}.`;
}

function clip(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

export async function startScriptedServer(initial: Script, options: ScriptedServerOptions = {}): Promise<ScriptedServer> {
  let script = initial;
  let used: number[] = [];
  const requests: RecordedRequest[] = [];
  const shutdown = new AbortController();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const interval = options.eventIntervalMs ?? 0;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(`Scripted server: handler failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // One signal per request: aborted when the client goes away or the server closes.
    const gone = new AbortController();
    res.on('close', () => { if (!res.writableFinished) gone.abort(); });
    const onShutdown = (): void => gone.abort();
    shutdown.signal.addEventListener('abort', onShutdown, { once: true });
    res.on('close', () => shutdown.signal.removeEventListener('abort', onShutdown));
    const wait = async (ms: number): Promise<boolean> => {
      if (ms > 0) await sleepFor(ms, undefined, { signal: gone.signal }).catch(() => undefined);
      return !gone.signal.aborted;
    };

    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = raw;
    try { body = raw === '' ? undefined : JSON.parse(raw); } catch { /* keep the raw text */ }

    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const protocol = req.method === 'POST' ? ROUTES[path] : undefined;
    const record = (r: Omit<RecordedRequest, 'method' | 'path' | 'headers' | 'body'>): void => {
      requests.push({ method: req.method ?? '', path, headers, body, ...r });
    };
    const sendJson = (status: number, payload: unknown, extra: Record<string, string> = {}): void => {
      const text = JSON.stringify(payload);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...extra });
      res.end(text);
    };

    if (!protocol) {
      record({ protocol: 'unknown', turnIndex: -1, status: 404 });
      sendJson(404, errorBody('openai', 404, `Scripted server: no route for ${req.method} ${path}.`));
      return;
    }
    const requestIdHeader = protocol === 'openai' ? 'x-request-id' : 'request-id';
    const requestId = { [requestIdHeader]: `req_${requests.length + 1}` };
    if (typeof body !== 'object' || body === null) {
      record({ protocol, turnIndex: -1, status: 400 });
      sendJson(400, errorBody(protocol, 400, 'Scripted server: the request body is not a JSON object.'), requestId);
      return;
    }

    const conv = normalise(protocol, body);
    const index = pickTurn(script.turns, used, conv);
    if (index < 0) {
      const message =
        `Scripted server: no scripted turn matches this ${protocol} request ` +
        `(model "${conv.model}", ${conv.messages.length} messages, last message: "${clip(lastMessageText(conv))}").`;
      log(message);
      record({ protocol, turnIndex: -1, status: 400 });
      sendJson(400, errorBody(protocol, 400, message), requestId);
      return;
    }
    const turn = script.turns[index]!;
    used[index] = (used[index] ?? 0) + 1;
    const fault: Fault | undefined = turn.fault;
    const status = fault?.kind === 'status' ? fault.status : 200;
    record({ protocol, turnIndex: index, status, ...(turn.name !== undefined ? { turnName: turn.name } : {}) });
    if (options.verbose) log(`Scripted server: ${protocol} ${conv.stream ? 'stream' : 'json'} -> turn ${turn.name ?? `#${index}`} (${status})`);

    if (!(await wait((script.latencyMs ?? 0) + (turn.delayMs ?? 0)))) return;
    if (fault?.kind === 'slowFirstByte' && !(await wait(fault.ms))) return;

    if (fault?.kind === 'status') {
      const extra: Record<string, string> = { ...requestId };
      if (fault.retryAfterSeconds !== undefined) {
        extra['retry-after'] = String(fault.retryAfterSeconds);
        extra['retry-after-ms'] = String(Math.round(fault.retryAfterSeconds * 1000));
      }
      const apiKey = headers['x-api-key'] ?? (headers['authorization'] ?? '').replace(/^Bearer\s+/i, '');
      const message = fault.message ?? defaultFaultMessage(protocol, fault.status, apiKey);
      sendJson(fault.status, errorBody(protocol, fault.status, message, fault.errorType), extra);
      return;
    }

    const reply = resolveReply(turn, conv, protocol, index);
    const cutAfter = fault?.kind === 'cutStream' ? fault.afterEvents : undefined;
    if (!conv.stream) {
      const payload = JSON.stringify(protocol === 'openai' ? openaiJson(reply, conv.model) : anthropicJson(reply, conv.model));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...requestId });
      if (cutAfter === undefined) { res.end(payload); return; }
      // A cut non-streamed answer: half the body, then the connection drops.
      res.write(payload.slice(0, Math.floor(payload.length / 2)), () => res.destroy());
      return;
    }
    await stream(res, streamEvents(protocol, conv, reply), cutAfter, requestId, wait);
  }

  function streamEvents(protocol: Protocol, conv: Conversation, reply: ReturnType<typeof resolveReply>): string[] {
    return protocol === 'openai' ? openaiEvents(reply, conv.model, conv.includeUsage) : anthropicEvents(reply, conv.model);
  }

  async function stream(
    res: http.ServerResponse,
    events: readonly string[],
    cutAfter: number | undefined,
    extra: Record<string, string>,
    wait: (ms: number) => Promise<boolean>,
  ): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', ...extra });
    res.flushHeaders();
    let sent = 0;
    for (const event of events) {
      if (cutAfter !== undefined && sent >= cutAfter) {
        res.destroy();
        return;
      }
      if (sent > 0 && !(await wait(interval))) return;
      if (res.destroyed) return;
      // Wait for each event to be flushed so a cut happens after the client could see them.
      await new Promise<void>((resolve) => res.write(event, () => resolve()));
      sent++;
    }
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    port,
    openaiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: url,
    requests,
    setScript(next: Script): void {
      script = next;
      used = [];
    },
    async close(): Promise<void> {
      shutdown.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

// ---- Standalone ------------------------------------------------------------------------------

function argValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: readonly string[]): Promise<void> {
  const file = argValue(args, '--script');
  if (!file) {
    process.stderr.write('usage: scriptedServer.ts --script FILE.json [--port N] [--event-interval-ms N] [--verbose]\n');
    process.exit(2);
  }
  const script = JSON.parse(await readFile(file, 'utf8')) as Script;
  if (!Array.isArray(script.turns)) throw new Error(`${file}: a script needs a "turns" array`);
  const port = Number(argValue(args, '--port') ?? 0);
  const eventIntervalMs = Number(argValue(args, '--event-interval-ms') ?? 0);
  const server = await startScriptedServer(script, { port, eventIntervalMs, verbose: args.includes('--verbose') });
  process.stdout.write(`SCRIPTED_SERVER_URL=${server.url}\n`);
  const stop = (): void => { void server.close().then(() => process.exit(0)); };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
