/**
 * Retries that can be seen while they wait, and provider refusals said in one clean line: both
 * adapters over real HTTP (the scripted server, or a bare server for bodies it cannot shape).
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { isSquadError, type SquadErrorCode } from '../../../../src/core/common/errors';
import type { ChatModel, ChatRequest } from '../../../../src/core/llm/chatModel';
import { type ProviderConfig, createChatModel } from '../../../../src/core/llm/factory';
import { describeRetry, isPermanentModelError, type RetryNotice } from '../../../../src/core/llm/retryNotice';
import type { Script } from '../../../support/script';
import { type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';

const KEY = 'sk-test-SECRET-0123456789abcdef';
const ask = (extra: Partial<ChatRequest> = {}): ChatRequest => ({ system: 'You are a test agent.', messages: [{ role: 'user', content: 'hi' }], ...extra });

async function failure(p: Promise<unknown>, code: SquadErrorCode): Promise<Error> {
  const err = await p.then(() => assert.fail(`expected ${code}`), (e: unknown) => e);
  assert.ok(isSquadError(err), String(err));
  assert.equal(err.code, code, err.message);
  return err;
}

for (const provider of ['openai', 'anthropic'] as const) {
  describe(`${provider}: retries are reported before they wait`, () => {
    let server: ScriptedServer;
    before(async () => {
      server = await startScriptedServer({ turns: [] }, { log: () => undefined });
    });
    after(() => server.close());
    const baseUrl = () => (provider === 'openai' ? server.openaiBaseUrl : server.anthropicBaseUrl);
    const model = (script: Script, notices: RetryNotice[], cfg: Partial<ProviderConfig> = {}): ChatModel => {
      server.setScript(script);
      return createChatModel({ provider, model: 'test-model', apiKey: KEY, baseUrl: baseUrl(), maxRetries: 2, onRetry: (n) => notices.push(n), ...cfg });
    };
    const limitedOnce: Script = { turns: [{ name: 'limited', times: 1, fault: { kind: 'status', status: 429, retryAfterSeconds: 1 } }, { name: 'fine', reply: { text: 'ok' } }] };

    for (const mode of ['json', 'stream'] as const) {
      it(`a 429 with retry-after: 1 is announced as a 1 s wait, then the call succeeds (${mode})`, async () => {
        const notices: RetryNotice[] = [];
        const n = server.requests.length;
        const reply = await model(limitedOnce, notices).complete(ask(mode === 'stream' ? { onToken: () => undefined } : {}));
        assert.equal(reply.text, 'ok');
        assert.deepEqual(server.requests.slice(n).map((r) => r.status), [429, 200]);
        assert.deepEqual(notices, [{ provider, model: 'test-model', reason: 'rate_limited', status: 429, delayMs: 1000, attempt: 1, maxRetries: 2 }]);
        assert.match(describeRetry(notices[0]!), /^(OpenAI|Anthropic) \(test-model\) rate limited \(HTTP 429\), retrying in 1 s \(retry 1 of 2\)$/);
      });
    }

    it('a 5xx without retry-after backs off, each retry numbered, then fails with llm/server', async () => {
      const notices: RetryNotice[] = [];
      await failure(model({ turns: [{ fault: { kind: 'status', status: 503 } }] }, notices).complete(ask()), 'llm/server');
      assert.deepEqual(notices.map((x) => [x.reason, x.status, x.attempt]), [['server', 503, 1], ['server', 503, 2]]);
      // 0.5 s then 1 s, less up to a quarter of jitter.
      assert.ok(notices[0]!.delayMs > 350 && notices[0]!.delayMs <= 500, String(notices[0]!.delayMs));
      assert.ok(notices[1]!.delayMs > 700 && notices[1]!.delayMs <= 1000, String(notices[1]!.delayMs));
    });

    it('a wait longer than a minute is not sat through: the call fails at once', async () => {
      const notices: RetryNotice[] = [];
      const n = server.requests.length;
      await failure(model({ turns: [{ fault: { kind: 'status', status: 429, retryAfterSeconds: 3600 } }] }, notices).complete(ask()), 'llm/rate_limited');
      assert.equal(server.requests.length - n, 1);
      assert.deepEqual(notices, []);
    });

    it('a stream cut after text reached the caller is not asked again', async () => {
      const notices: RetryNotice[] = [];
      const n = server.requests.length;
      const m = model({ turns: [{ fault: { kind: 'cutStream', afterEvents: 3 }, reply: { text: 'one two three four five six' } }] }, notices);
      await failure(m.complete(ask({ onToken: () => undefined })), 'llm/network');
      assert.equal(server.requests.length - n, 1);
      assert.deepEqual(notices, []);
    });

    it('a refused connection is retried, announced as "could not connect"', async () => {
      const probe = http.createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const { port } = probe.address() as AddressInfo;
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      const notices: RetryNotice[] = [];
      const url = provider === 'openai' ? `http://127.0.0.1:${port}/v1` : `http://127.0.0.1:${port}`;
      await failure(model({ turns: [] }, notices, { baseUrl: url, maxRetries: 1 }).complete(ask()), 'llm/network');
      assert.deepEqual(notices.map((x) => [x.reason, x.status]), [['network', undefined]]);
      assert.match(describeRetry(notices[0]!), /could not connect, retrying in \d+ ms \(retry 1 of 1\)$/);
    });

    it('cancelling during the wait ends the call as cancelled, without another request', async () => {
      const ctrl = new AbortController();
      const n = server.requests.length;
      const m = model({ turns: [{ fault: { kind: 'status', status: 429, retryAfterSeconds: 30 } }] }, [], { onRetry: () => ctrl.abort() });
      await failure(m.complete(ask({ signal: ctrl.signal })), 'cancelled');
      assert.equal(server.requests.length - n, 1);
    });

    it('a 404 (unknown model) is not retried and says, in one line, what the provider said and what to check', async () => {
      const notices: RetryNotice[] = [];
      const n = server.requests.length;
      const m = model({ turns: [{ fault: { kind: 'status', status: 404, message: 'The model `gpt-nope` does not exist\nor you do not have access to it.' } }] }, notices);
      const err = await failure(m.complete(ask()), 'config/invalid');
      assert.equal(server.requests.length - n, 1);
      assert.deepEqual(notices, []);
      assert.match(err.message, /^(OpenAI|Anthropic) \(test-model\) rejected the request \(HTTP 404\): The model `gpt-nope` does not exist or you do not have access to it\. Check the model name and the base URL\.$/);
      assert.ok(isPermanentModelError(err));
    });
  });
}

describe('provider refusals in bodies the SDKs do not understand', () => {
  let reply: { status: number; type: string; body: string } = { status: 404, type: 'text/html', body: '' };
  let server: http.Server;
  let url = '';
  before(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(reply.status, { 'content-type': reply.type }).end(reply.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const cases = [
    { name: 'an HTML error page (a wrong base URL)', status: 404, type: 'text/html', body: '<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>\n<body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n', detail: '404 Not Found' },
    { name: 'a FastAPI-style detail (vLLM)', status: 400, type: 'application/json', body: JSON.stringify({ detail: [{ loc: ['body', 'model'], msg: 'model "x" is not served here', type: 'value_error' }] }), detail: 'model "x" is not served here' },
    { name: 'an error given as a string (Ollama)', status: 404, type: 'application/json', body: JSON.stringify({ error: 'model "llama9" not found, try pulling it first' }), detail: 'model "llama9" not found, try pulling it first' },
    { name: 'plain text', status: 400, type: 'text/plain', body: 'bad\nrequest\n\n  body', detail: 'bad request body' },
  ];
  for (const provider of ['openai', 'anthropic'] as const) {
    for (const c of cases) {
      it(`${provider}: ${c.name} becomes one clean line with the hint`, async () => {
        reply = c;
        const m = createChatModel({ provider, model: 'x', apiKey: KEY, baseUrl: provider === 'openai' ? `${url}/v1` : url, maxRetries: 2 });
        const err = await failure(m.complete(ask()), 'config/invalid');
        assert.doesNotMatch(err.message, /\n|<|\{/, err.message);
        assert.ok(err.message.endsWith(`(HTTP ${c.status}): ${c.detail}. Check the model name and the base URL.`), err.message);
      });
    }
  }
});
