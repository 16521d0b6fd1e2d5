import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Script } from '../../support/script';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';

const SERVER_FILE = fileURLToPath(new URL('../../support/scriptedServer.ts', import.meta.url));

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test-1234567890' }, body: JSON.stringify(body) });
}

/** The JSON payloads of an SSE body, with the event names when present. */
function parseSse(text: string): { event?: string; data: string }[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
      const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      return event === undefined ? { data } : { event, data };
    });
}

describe('scripted server', () => {
  let server: ScriptedServer;
  const logged: string[] = [];
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: (l) => logged.push(l) });
  });
  after(() => server.close());

  const openai = (body: Record<string, unknown>): Promise<Response> =>
    post(`${server.openaiBaseUrl}/chat/completions`, { model: 'm1', ...body });
  const anthropic = (body: Record<string, unknown>): Promise<Response> =>
    post(`${server.anthropicBaseUrl}/v1/messages`, { model: 'm1', max_tokens: 100, ...body });

  it('answers the first matching turn that is not used up, and counts uses per script', async () => {
    server.setScript({ turns: [{ name: 'once', times: 1, reply: { text: 'first' } }, { name: 'always', reply: { text: 'second' } }] });
    const start = server.requests.length;
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await openai({ messages: [{ role: 'user', content: 'hi' }] });
      const json = (await res.json()) as { choices: { message: { content: string } }[] };
      texts.push(json.choices[0]!.message.content);
    }
    assert.deepEqual(texts, ['first', 'second', 'second']);
    assert.deepEqual(server.requests.slice(start).map((r) => r.turnName), ['once', 'always', 'always']);
    server.setScript({ turns: [{ name: 'once', times: 1, reply: { text: 'again' } }] });
    const res = await openai({ messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(res.status, 200, 'setScript resets the use counts');
  });

  it('matches system, contains, notContains, last, assistantTurns and model in both protocols', async () => {
    const script: Script = {
      turns: [
        { name: 'wrong-model', match: { model: 'other' }, reply: { text: 'x' } },
        { name: 'has-secret', match: { contains: ['FORBIDDEN'] }, reply: { text: 'x' } },
        { name: 'after-tool', match: { system: 'You are QA', last: 'tests passed', assistantTurns: 1, notContains: ['FORBIDDEN'] }, reply: { text: 'done' } },
      ],
    };
    server.setScript(script);
    const o = await openai({
      messages: [
        { role: 'system', content: 'You are QA.' },
        { role: 'user', content: 'run tests' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'run', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: '3 tests passed' },
      ],
    });
    assert.equal(o.status, 200);
    const a = await anthropic({
      system: [{ type: 'text', text: 'You are QA.' }],
      messages: [
        { role: 'user', content: 'run tests' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'run', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: '3 tests passed' }] }] },
      ],
    });
    assert.equal(a.status, 200);
    assert.deepEqual(server.requests.slice(-2).map((r) => [r.protocol, r.turnName]), [['openai', 'after-tool'], ['anthropic', 'after-tool']]);
  });

  it('refuses an unmatched request with a 400 in each protocol\'s error shape, naming the last message', async () => {
    server.setScript({ turns: [{ match: { last: 'never' }, reply: { text: 'x' } }] });
    const o = await openai({ messages: [{ role: 'user', content: 'please add a login page' }] });
    assert.equal(o.status, 400);
    const oBody = (await o.json()) as { error: { message: string; type: string } };
    assert.match(oBody.error.message, /no scripted turn matches.*please add a login page/);
    assert.equal(oBody.error.type, 'invalid_request_error');
    const a = await anthropic({ messages: [{ role: 'user', content: 'please add a login page' }] });
    assert.equal(a.status, 400);
    const aBody = (await a.json()) as { type: string; error: { message: string; type: string } };
    assert.equal(aBody.type, 'error');
    assert.match(aBody.error.message, /please add a login page/);
    assert.ok(logged.some((l) => l.includes('please add a login page')), 'the miss is logged');
    assert.equal(server.requests.at(-1)!.turnIndex, -1);
  });

  it('streams OpenAI chunks: text deltas, tool-call fragments by index, usage only when asked, then [DONE]', async () => {
    server.setScript({
      turns: [{ reply: { text: 'Two calls coming', toolCalls: [{ name: 'a', arguments: { x: 1 } }, { name: 'b', arguments: '{"broken":' }], usage: { input: 10, output: 5, cacheRead: 30 } } }],
    });
    const withUsage = parseSse(await (await openai({ stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'go' }] })).text());
    assert.equal(withUsage.at(-1)!.data, '[DONE]');
    const chunks = withUsage.slice(0, -1).map((e) => JSON.parse(e.data) as { choices: { delta: Record<string, unknown>; finish_reason: string | null }[]; usage: Record<string, unknown> | null });
    const text = chunks.map((c) => (c.choices[0]?.delta['content'] as string | undefined) ?? '').join('');
    assert.equal(text, 'Two calls coming');
    const args = new Map<number, string>();
    for (const c of chunks) {
      for (const f of (c.choices[0]?.delta['tool_calls'] as { index: number; function: { arguments?: string } }[] | undefined) ?? []) {
        args.set(f.index, (args.get(f.index) ?? '') + (f.function.arguments ?? ''));
      }
    }
    assert.deepEqual([...args.entries()], [[0, '{"x":1}'], [1, '{"broken":']]);
    assert.equal(chunks.find((c) => c.choices[0]?.finish_reason)?.choices[0]?.finish_reason, 'tool_calls');
    const last = chunks.at(-1)!;
    assert.deepEqual(last.choices, []);
    assert.equal(last.usage?.['prompt_tokens'], 40);
    assert.deepEqual(last.usage?.['prompt_tokens_details'], { cached_tokens: 30, audio_tokens: 0 });

    const noUsage = parseSse(await (await openai({ stream: true, messages: [{ role: 'user', content: 'go' }] })).text());
    assert.ok(noUsage.slice(0, -1).every((e) => !('usage' in (JSON.parse(e.data) as object))));
  });

  it('streams Anthropic events in the API\'s order with input_json_delta fragments and cache usage', async () => {
    server.setScript({ turns: [{ reply: { text: 'Hi there', toolCalls: [{ id: 'toolu_1', name: 'read', arguments: { path: 'a.ts' } }], usage: { input: 7, output: 9, cacheRead: 100, cacheWrite: 20 } } }] });
    const events = parseSse(await (await anthropic({ stream: true, messages: [{ role: 'user', content: 'go' }] })).text());
    const names = events.map((e) => e.event);
    assert.equal(names[0], 'message_start');
    assert.deepEqual(names.slice(-2), ['message_delta', 'message_stop']);
    const datas = events.map((e) => JSON.parse(e.data) as Record<string, unknown>);
    const start = datas[0]!['message'] as { usage: Record<string, number> };
    assert.equal(start.usage['cache_read_input_tokens'], 100);
    assert.equal(start.usage['cache_creation_input_tokens'], 20);
    const json = datas
      .filter((d) => d['type'] === 'content_block_delta' && (d['delta'] as { type: string }).type === 'input_json_delta')
      .map((d) => (d['delta'] as { partial_json: string }).partial_json)
      .join('');
    assert.deepEqual(JSON.parse(json), { path: 'a.ts' });
    const delta = datas.at(-2)!;
    assert.deepEqual(delta['delta'], { stop_reason: 'tool_use', stop_sequence: null });
    assert.deepEqual(delta['usage'], { output_tokens: 9 });
  });

  it('sends a string tool argument verbatim and estimates usage when the turn gives none', async () => {
    server.setScript({ turns: [{ reply: { toolCalls: [{ name: 'edit', arguments: '{"path": "a.ts", ' }] } }] });
    const res = (await (await openai({ messages: [{ role: 'user', content: 'edit the file please' }] })).json()) as {
      choices: { message: { content: string | null; tool_calls: { function: { arguments: string } }[] } }[];
      usage: { prompt_tokens: number; completion_tokens: number };
    };
    assert.equal(res.choices[0]!.message.tool_calls[0]!.function.arguments, '{"path": "a.ts", ');
    assert.equal(res.choices[0]!.message.content, null);
    assert.ok(res.usage.prompt_tokens > 0 && res.usage.completion_tokens > 0);
  });

  it('answers status faults with retry-after headers and protocol error bodies', async () => {
    server.setScript({ turns: [{ fault: { kind: 'status', status: 429, retryAfterSeconds: 2 } }] });
    const o = await openai({ messages: [{ role: 'user', content: 'x' }] });
    assert.equal(o.status, 429);
    assert.equal(o.headers.get('retry-after'), '2');
    assert.equal(o.headers.get('retry-after-ms'), '2000');
    assert.equal(((await o.json()) as { error: { code: string } }).error.code, 'rate_limit_exceeded');
    const a = await anthropic({ messages: [{ role: 'user', content: 'x' }] });
    assert.equal(((await a.json()) as { error: { type: string } }).error.type, 'rate_limit_error');

    server.setScript({ turns: [{ fault: { kind: 'status', status: 400, errorType: 'context_length_exceeded', message: 'too long' } }] });
    const c = (await (await openai({ messages: [{ role: 'user', content: 'x' }] })).json()) as { error: { code: string; message: string } };
    assert.deepEqual([c.error.code, c.error.message], ['context_length_exceeded', 'too long']);
  });

  it('cuts a stream after the given number of events', async () => {
    server.setScript({ turns: [{ fault: { kind: 'cutStream', afterEvents: 2 }, reply: { text: 'one two three four five six' } }] });
    const res = await openai({ stream: true, messages: [{ role: 'user', content: 'x' }] });
    assert.equal(res.status, 200);
    const decoder = new TextDecoder();
    let received = '';
    await assert.rejects(async () => {
      for await (const chunk of res.body!) received += decoder.decode(chunk as Uint8Array, { stream: true });
    });
    assert.equal(parseSse(received).length, 2);
  });

  it('runs standalone: prints its URL, serves the script file, stops on SIGTERM', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'squad-scripted-'));
    try {
      const file = path.join(dir, 'script.json');
      await writeFile(file, JSON.stringify({ turns: [{ match: { last: 'ping' }, reply: { text: 'pong' } }] }));
      const child = spawn(process.execPath, ['--import', 'tsx', SERVER_FILE, '--script', file], { stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /SCRIPTED_SERVER_URL=(\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`server exited early with ${code}`)));
      });
      const res = await post(`${url}/v1/messages`, { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'ping' }] });
      const body = (await res.json()) as { content: { text: string }[] };
      assert.equal(body.content[0]!.text, 'pong');
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
