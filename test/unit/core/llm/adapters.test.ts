/**
 * Behaviour both SDK adapters share, run against the scripted server over real HTTP: replies,
 * streaming, tool calls, usage, and every failure mapped to its SquadError code.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type SquadErrorCode, isSquadError } from '../../../../src/core/common/errors';
import type { ChatModel, ChatRequest } from '../../../../src/core/llm/chatModel';
import { type ProviderConfig, type ProviderName, createChatModel } from '../../../../src/core/llm/factory';
import type { Script } from '../../../support/script';
import { type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';

const KEY = 'sk-test-SECRET-0123456789abcdef';
const quiet = { log: (): void => undefined };

async function expectCode(p: Promise<unknown>, code: SquadErrorCode): Promise<Error> {
  const err = await p.then(
    () => assert.fail(`expected ${code}, but the call succeeded`),
    (e: unknown) => e,
  );
  assert.ok(isSquadError(err), `expected a SquadError, got ${String(err)}`);
  assert.equal(err.code, code, `wrong code; message: ${err.message}`);
  return err;
}

const ask = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({ system: 'You are a test agent.', messages: [{ role: 'user', content: text }], ...extra });

const READ_TOOL = { name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } };

for (const provider of ['openai', 'anthropic'] as const satisfies readonly ProviderName[]) {
  describe(`${provider} adapter`, () => {
    let server: ScriptedServer;
    before(async () => {
      server = await startScriptedServer({ turns: [] }, quiet);
    });
    after(() => server.close());

    const baseUrlOf = (s: ScriptedServer): string => (provider === 'openai' ? s.openaiBaseUrl : s.anthropicBaseUrl);
    const model = (script: Script, cfg: Partial<ProviderConfig> = {}): ChatModel => {
      server.setScript(script);
      return createChatModel({ provider, model: 'test-model', apiKey: KEY, baseUrl: baseUrlOf(server), maxRetries: 0, ...cfg });
    };
    const requestsSince = (n: number) => server.requests.slice(n);

    it('returns a plain JSON reply with usage and stop reason', async () => {
      const m = model({ turns: [{ match: { last: 'hello' }, reply: { text: 'Hello back.', usage: { input: 12, output: 3 } } }] });
      const n = server.requests.length;
      const reply = await m.complete(ask('hello'));
      assert.equal(reply.text, 'Hello back.');
      assert.deepEqual(reply.toolCalls, []);
      assert.deepEqual(reply.usage, { input: 12, output: 3, cacheRead: 0, cacheWrite: 0 });
      assert.equal(reply.stopReason, 'end');
      assert.equal(reply.model, 'test-model');
      assert.equal(m.provider, provider);
      const [req] = requestsSince(n);
      assert.equal((req!.body as { stream?: boolean }).stream ?? false, false);
    });

    it('streams text fragments to onToken in order and returns their concatenation', async () => {
      const text = 'The planner splits the request into four small tasks.';
      const m = model({ turns: [{ reply: { text } }] });
      const tokens: string[] = [];
      const n = server.requests.length;
      const reply = await m.complete(ask('plan', { onToken: (t) => tokens.push(t) }));
      assert.ok(tokens.length > 3, `expected several fragments, got ${tokens.length}`);
      assert.equal(tokens.join(''), text);
      assert.equal(tokens[0]!.trim(), 'The');
      assert.equal(reply.text, text);
      assert.equal((requestsSince(n)[0]!.body as { stream: boolean }).stream, true);
    });

    for (const streamed of [false, true]) {
      const mode = streamed ? 'streamed' : 'JSON';
      const onToken = streamed ? { onToken: (): void => undefined } : {};

      it(`assembles a single tool call (${mode})`, async () => {
        const m = model({ turns: [{ reply: { toolCalls: [{ id: 'call_1', name: 'read_file', arguments: { path: 'src/app.ts' } }] } }] });
        const reply = await m.complete(ask('read it', { tools: [READ_TOOL], ...onToken }));
        assert.equal(reply.stopReason, 'tool_calls');
        assert.equal(reply.toolCalls.length, 1);
        const [call] = reply.toolCalls;
        assert.equal(call!.id, 'call_1');
        assert.equal(call!.name, 'read_file');
        assert.deepEqual(call!.arguments, { path: 'src/app.ts' });
        assert.equal(call!.argumentsError, undefined);
        assert.deepEqual(JSON.parse(call!.rawArguments), { path: 'src/app.ts' });
      });

      it(`assembles parallel tool calls with text, in order (${mode})`, async () => {
        const m = model({
          turns: [{ reply: { text: 'Reading both.', toolCalls: [
            { name: 'read_file', arguments: { path: 'a.ts' } },
            { name: 'search', arguments: { query: 'export function', glob: '**/*.ts' } },
          ] } }],
        });
        const reply = await m.complete(ask('read', { tools: [READ_TOOL], ...onToken }));
        assert.equal(reply.text, 'Reading both.');
        assert.deepEqual(reply.toolCalls.map((c) => [c.name, c.arguments]), [
          ['read_file', { path: 'a.ts' }],
          ['search', { query: 'export function', glob: '**/*.ts' }],
        ]);
        assert.notEqual(reply.toolCalls[0]!.id, reply.toolCalls[1]!.id);
      });

      it(`reports malformed tool-argument JSON as argumentsError instead of throwing (${mode})`, async () => {
        const raw = '{"path": "a.ts", "content": ';
        const m = model({ turns: [{ reply: { toolCalls: [{ name: 'propose_edit', arguments: raw }] } }] });
        const reply = await m.complete(ask('edit', { tools: [READ_TOOL], ...onToken }));
        const [call] = reply.toolCalls;
        assert.equal(call!.name, 'propose_edit');
        assert.equal(call!.rawArguments, raw);
        assert.equal(call!.arguments, undefined);
        assert.match(call!.argumentsError ?? '', /not valid JSON/);
      });

      it(`passes arguments that break the schema through as parsed objects (${mode})`, async () => {
        const m = model({ turns: [{ reply: { toolCalls: [{ name: 'read_file', arguments: { pathh: 5, extra: [true] } }] } }] });
        const reply = await m.complete(ask('read', { tools: [READ_TOOL], ...onToken }));
        assert.deepEqual(reply.toolCalls[0]!.arguments, { pathh: 5, extra: [true] });
        assert.equal(reply.toolCalls[0]!.argumentsError, undefined);
      });

      it(`reports cached input tokens separately (${mode})`, async () => {
        const usage = provider === 'openai' ? { input: 100, output: 20, cacheRead: 400 } : { input: 100, output: 20, cacheRead: 400, cacheWrite: 50 };
        const m = model({ turns: [{ reply: { text: 'ok', usage } }] });
        const reply = await m.complete(ask('x', onToken));
        assert.deepEqual(reply.usage, { cacheWrite: 0, ...usage });
      });

      it(`maps a cut connection to llm/network (${mode})`, async () => {
        const m = model({ turns: [{ fault: { kind: 'cutStream', afterEvents: 3 }, reply: { text: 'one two three four five six seven' } }] });
        await expectCode(m.complete(ask('x', onToken)), 'llm/network');
      });
    }

    it('retries a 429 after retry-after and then succeeds', async () => {
      const m = model(
        { turns: [{ name: 'limited', times: 1, fault: { kind: 'status', status: 429, retryAfterSeconds: 0.01 } }, { name: 'fine', reply: { text: 'ok' } }] },
        { maxRetries: 2 },
      );
      const n = server.requests.length;
      const reply = await m.complete(ask('x'));
      assert.equal(reply.text, 'ok');
      assert.deepEqual(requestsSince(n).map((r) => [r.turnName, r.status]), [['limited', 429], ['fine', 200]]);
    });

    it('gives up on a persistent 429 with llm/rate_limited after the configured retries', async () => {
      const m = model({ turns: [{ fault: { kind: 'status', status: 429, retryAfterSeconds: 0.01 } }] }, { maxRetries: 1 });
      const n = server.requests.length;
      await expectCode(m.complete(ask('x')), 'llm/rate_limited');
      assert.equal(requestsSince(n).length, 2);
    });

    it('retries a 500 and then fails with llm/server', async () => {
      const m = model({ turns: [{ fault: { kind: 'status', status: 500, retryAfterSeconds: 0.01 } }] }, { maxRetries: 2 });
      const n = server.requests.length;
      await expectCode(m.complete(ask('x')), 'llm/server');
      assert.equal(requestsSince(n).length, 3);
    });

    it('fails a 401 at once with llm/auth and never shows the key', async () => {
      // The scripted 401 echoes the key it received, so this also checks the redaction.
      const m = model({ turns: [{ fault: { kind: 'status', status: 401 } }] }, { maxRetries: 2 });
      const n = server.requests.length;
      const err = await expectCode(m.complete(ask('x')), 'llm/auth');
      assert.equal(requestsSince(n).length, 1, 'an auth failure is not retried');
      assert.ok(!err.message.includes(KEY), err.message);
      assert.ok(!String((err.cause as Error | undefined)?.message).includes(KEY));
      assert.ok(!JSON.stringify(err).includes(KEY));
      assert.match(err.message, /key/i);
    });

    it('maps a context-window rejection to llm/context_length', async () => {
      const fault = provider === 'openai'
        ? { kind: 'status' as const, status: 400, errorType: 'context_length_exceeded', message: "This model's maximum context length is 128000 tokens." }
        : { kind: 'status' as const, status: 400, message: 'prompt is too long: 210000 tokens > 200000 maximum' };
      const m = model({ turns: [{ fault }] });
      await expectCode(m.complete(ask('x')), 'llm/context_length');
    });

    it('maps an unmatched request (a 400) to config/invalid with the server\'s explanation', async () => {
      const m = model({ turns: [{ match: { last: 'something else' }, reply: { text: 'x' } }] });
      const err = await expectCode(m.complete(ask('add a login page')), 'config/invalid');
      assert.match(err.message, /add a login page/);
    });

    it('times out with llm/timeout when the first byte is too slow', async () => {
      const m = model({ turns: [{ fault: { kind: 'slowFirstByte', ms: 2000 }, reply: { text: 'late' } }] }, { timeoutMs: 150 });
      await expectCode(m.complete(ask('x')), 'llm/timeout');
    });

    it('times out with llm/timeout when a stream goes quiet', async () => {
      const slow = await startScriptedServer({ turns: [{ reply: { text: 'one two three four' } }] }, { ...quiet, eventIntervalMs: 2000 });
      try {
        const m = createChatModel({ provider, model: 'test-model', apiKey: KEY, baseUrl: baseUrlOf(slow), maxRetries: 0, timeoutMs: 200 });
        await expectCode(m.complete(ask('x', { onToken: () => undefined })), 'llm/timeout');
      } finally {
        await slow.close();
      }
    });

    it('cancels mid-stream when the signal aborts', async () => {
      const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
      const slow = await startScriptedServer({ turns: [{ reply: { text: words } }] }, { ...quiet, eventIntervalMs: 100 });
      try {
        const m = createChatModel({ provider, model: 'test-model', apiKey: KEY, baseUrl: baseUrlOf(slow), maxRetries: 0 });
        const ctrl = new AbortController();
        const tokens: string[] = [];
        const onToken = (t: string): void => {
          tokens.push(t);
          if (tokens.length === 2) ctrl.abort();
        };
        await expectCode(m.complete(ask('x', { onToken, signal: ctrl.signal })), 'cancelled');
        assert.equal(tokens.length, 2, 'no token is delivered after the abort');
      } finally {
        await slow.close();
      }
    });

    it('cancels without a request when the signal is already aborted', async () => {
      const m = model({ turns: [{ reply: { text: 'x' } }] });
      const n = server.requests.length;
      await expectCode(m.complete(ask('x', { signal: AbortSignal.abort() })), 'cancelled');
      assert.equal(requestsSince(n).length, 0);
    });

    it('maps a refused connection to llm/network', async () => {
      const probe = http.createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const { port } = probe.address() as AddressInfo;
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      const url = provider === 'openai' ? `http://127.0.0.1:${port}/v1` : `http://127.0.0.1:${port}`;
      const m = createChatModel({ provider, model: 'test-model', apiKey: KEY, baseUrl: url, maxRetries: 0 });
      const err = await expectCode(m.complete(ask('x')), 'llm/network');
      assert.ok(!err.message.includes(KEY));
    });

    it('rethrows an exception from onToken unchanged', async () => {
      const m = model({ turns: [{ reply: { text: 'a b c' } }] });
      const boom = new Error('view is gone');
      await assert.rejects(m.complete(ask('x', { onToken: () => { throw boom; } })), (e) => e === boom);
    });

    it('refuses to start without a key when no baseUrl is set', () => {
      assert.throws(() => createChatModel({ provider, model: 'test-model' }), (e) => isSquadError(e, 'config/missing_key'));
    });
  });
}
