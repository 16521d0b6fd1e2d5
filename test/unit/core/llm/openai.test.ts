/** What the OpenAI adapter puts on the wire, inspected through the scripted server's record. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChatMessage, ToolSpec } from '../../../../src/core/llm/chatModel';
import { createOpenAIChatModel } from '../../../../src/core/llm/openai';
import { type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';

const KEY = 'sk-test-openai-0123456789';
const TOOLS: ToolSpec[] = [
  { name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' } } } },
  { name: 'finish', description: 'Finish the task', parameters: { type: 'object', properties: {} } },
];
const CONVERSATION: ChatMessage[] = [
  { role: 'user', content: 'Add a health endpoint.' },
  {
    role: 'assistant',
    content: 'Looking first.',
    toolCalls: [
      { id: 'call_a', name: 'read_file', rawArguments: '{"path":"a.ts"}', arguments: { path: 'a.ts' } },
      { id: 'call_b', name: 'read_file', rawArguments: '{"path":', arguments: undefined, argumentsError: 'bad' },
    ],
  },
  { role: 'tool', toolCallId: 'call_a', toolName: 'read_file', content: 'export const a = 1;' },
  { role: 'tool', toolCallId: 'call_b', toolName: 'read_file', content: 'arguments were not valid JSON', isError: true },
];

type Body = Record<string, unknown> & { messages: Record<string, unknown>[] };

describe('openai adapter: request shape', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ turns: [{ reply: { text: 'ok' } }] }, { log: () => undefined });
  });
  after(() => server.close());
  const lastBody = (): Body => server.requests.at(-1)!.body as Body;
  const lastHeaders = (): Readonly<Record<string, string>> => server.requests.at(-1)!.headers;

  it('sends the system prompt, tool calls with their raw arguments and tool results', async () => {
    const m = createOpenAIChatModel({ model: 'gpt-test', apiKey: KEY, baseUrl: server.openaiBaseUrl, maxRetries: 0 });
    await m.complete({ system: 'You are the backend agent.', messages: CONVERSATION, tools: TOOLS, toolChoice: 'auto', maxOutputTokens: 500, temperature: 0.2 });
    const body = lastBody();
    assert.equal(body['model'], 'gpt-test');
    assert.deepEqual(body.messages[0], { role: 'system', content: 'You are the backend agent.' });
    assert.deepEqual(body.messages[1], { role: 'user', content: 'Add a health endpoint.' });
    assert.deepEqual(body.messages[2], {
      role: 'assistant',
      content: 'Looking first.',
      tool_calls: [
        { id: 'call_a', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } },
        { id: 'call_b', type: 'function', function: { name: 'read_file', arguments: '{"path":' } },
      ],
    });
    assert.deepEqual(body.messages[3], { role: 'tool', tool_call_id: 'call_a', content: 'export const a = 1;' });
    assert.deepEqual(body.messages[4], { role: 'tool', tool_call_id: 'call_b', content: 'ERROR: arguments were not valid JSON' });
    assert.deepEqual(body['tools'], TOOLS.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } })));
    assert.equal(body['tool_choice'], 'auto');
    // A custom baseUrl is an OpenAI-compatible server: it gets the widely supported max_tokens.
    assert.equal(body['max_tokens'], 500);
    assert.equal(body['temperature'], 0.2);
    assert.equal(body['stream'] ?? false, false);
    assert.equal(lastHeaders()['authorization'], `Bearer ${KEY}`);
  });

  it('maps tool choice: required stays required, a name becomes a function choice', async () => {
    const m = createOpenAIChatModel({ model: 'gpt-test', apiKey: KEY, baseUrl: server.openaiBaseUrl, maxRetries: 0 });
    await m.complete({ system: 's', messages: [{ role: 'user', content: 'x' }], tools: TOOLS, toolChoice: 'required' });
    assert.equal(lastBody()['tool_choice'], 'required');
    await m.complete({ system: 's', messages: [{ role: 'user', content: 'x' }], tools: TOOLS, toolChoice: { name: 'finish' } });
    assert.deepEqual(lastBody()['tool_choice'], { type: 'function', function: { name: 'finish' } });
    await m.complete({ system: 's', messages: [{ role: 'user', content: 'x' }], toolChoice: 'required' });
    assert.equal('tool_choice' in lastBody(), false, 'no tool_choice without tools');
    assert.equal('tools' in lastBody(), false);
  });

  it('asks for usage in the stream', async () => {
    const m = createOpenAIChatModel({ model: 'gpt-test', apiKey: KEY, baseUrl: server.openaiBaseUrl, maxRetries: 0 });
    await m.complete({ system: 's', messages: [{ role: 'user', content: 'x' }], onToken: () => undefined });
    assert.equal(lastBody()['stream'], true);
    assert.deepEqual(lastBody()['stream_options'], { include_usage: true });
  });

  it('talks to a keyless local server with a placeholder key and its own provider name', async () => {
    const m = createOpenAIChatModel({ model: 'llama3', baseUrl: server.openaiBaseUrl, provider: 'ollama', maxRetries: 0 });
    assert.equal(m.provider, 'ollama');
    const reply = await m.complete({ system: '', messages: [{ role: 'user', content: 'x' }] });
    assert.equal(reply.text, 'ok');
    assert.equal(lastHeaders()['authorization'], 'Bearer no-key');
    assert.equal(lastBody().messages[0]!['role'], 'user', 'an empty system prompt is left out');
  });

  it('treats tool calls as the stop reason even when a server says "stop", and maps length', async () => {
    server.setScript({ turns: [{ match: { last: 'tools' }, reply: { toolCalls: [{ name: 'finish', arguments: {} }], stopReason: 'end' } }, { reply: { text: 'cut', stopReason: 'max_tokens' } }] });
    const m = createOpenAIChatModel({ model: 'gpt-test', apiKey: KEY, baseUrl: server.openaiBaseUrl, maxRetries: 0 });
    const tools = await m.complete({ system: 's', messages: [{ role: 'user', content: 'tools' }], tools: TOOLS });
    assert.equal(tools.stopReason, 'tool_calls');
    const long = await m.complete({ system: 's', messages: [{ role: 'user', content: 'long' }], onToken: () => undefined });
    assert.equal(long.stopReason, 'max_tokens');
  });
});
