/** What the Anthropic adapter puts on the wire, inspected through the scripted server's record. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAnthropicChatModel } from '../../../../src/core/llm/anthropic';
import type { ChatMessage, ToolSpec } from '../../../../src/core/llm/chatModel';
import { type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';

const KEY = 'sk-ant-test-0123456789';
const TOOLS: ToolSpec[] = [
  { name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' } } } },
  { name: 'search', description: 'Search', parameters: { type: 'object', properties: { query: { type: 'string' } } } },
  { name: 'finish', description: 'Finish the task', parameters: { type: 'object', properties: {} } },
];
const CONVERSATION: ChatMessage[] = [
  { role: 'user', content: 'Add a health endpoint.' },
  {
    role: 'assistant',
    content: 'Looking first.',
    toolCalls: [
      { id: 'toolu_a', name: 'read_file', rawArguments: '{"path":"a.ts"}', arguments: { path: 'a.ts' } },
      { id: 'toolu_b', name: 'read_file', rawArguments: '{"path":', arguments: undefined, argumentsError: 'bad' },
    ],
  },
  { role: 'tool', toolCallId: 'toolu_a', toolName: 'read_file', content: 'export const a = 1;' },
  { role: 'tool', toolCallId: 'toolu_b', toolName: 'read_file', content: 'arguments were not valid JSON', isError: true },
  { role: 'user', content: 'Also keep it small.' },
];

type Body = Record<string, unknown> & { messages: { role: string; content: unknown }[] };

describe('anthropic adapter: request shape', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ turns: [{ reply: { text: 'ok' } }] }, { log: () => undefined });
  });
  after(() => server.close());
  const lastBody = (): Body => server.requests.at(-1)!.body as Body;
  const model = () => createAnthropicChatModel({ model: 'claude-test', apiKey: KEY, baseUrl: server.anthropicBaseUrl, maxRetries: 0 });

  it('marks the stable prefix for caching: the system block and the last tool', async () => {
    await model().complete({ system: 'You are the frontend agent.', messages: [{ role: 'user', content: 'x' }], tools: TOOLS });
    const body = lastBody();
    assert.deepEqual(body['system'], [{ type: 'text', text: 'You are the frontend agent.', cache_control: { type: 'ephemeral' } }]);
    const tools = body['tools'] as Record<string, unknown>[];
    assert.deepEqual(tools.map((t) => t['cache_control']), [undefined, undefined, { type: 'ephemeral' }]);
    assert.deepEqual(tools[0], { name: 'read_file', description: 'Read a file', input_schema: TOOLS[0]!.parameters });
    assert.equal(server.requests.at(-1)!.path, '/v1/messages');
    // SDK 1.x sends the key as a bearer token; older ones used x-api-key.
    const headers = server.requests.at(-1)!.headers;
    assert.ok(headers['x-api-key'] === KEY || headers['authorization'] === `Bearer ${KEY}`);
  });

  it('turns tool calls into tool_use blocks and merges tool results and text into one user turn', async () => {
    await model().complete({ system: 's', messages: CONVERSATION, tools: TOOLS });
    const { messages } = lastBody();
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.deepEqual(messages[1]!.content, [
      { type: 'text', text: 'Looking first.' },
      { type: 'tool_use', id: 'toolu_a', name: 'read_file', input: { path: 'a.ts' } },
      { type: 'tool_use', id: 'toolu_b', name: 'read_file', input: {} },
    ]);
    assert.deepEqual(messages[2]!.content, [
      { type: 'tool_result', tool_use_id: 'toolu_a', content: 'export const a = 1;', is_error: false },
      { type: 'tool_result', tool_use_id: 'toolu_b', content: 'arguments were not valid JSON', is_error: true },
      { type: 'text', text: 'Also keep it small.' },
    ]);
  });

  it('maps tool choice: required → any, a name → tool, auto → auto', async () => {
    const m = model();
    const base = { system: 's', messages: [{ role: 'user' as const, content: 'x' }], tools: TOOLS };
    await m.complete({ ...base, toolChoice: 'required' });
    assert.deepEqual(lastBody()['tool_choice'], { type: 'any' });
    await m.complete({ ...base, toolChoice: { name: 'finish' } });
    assert.deepEqual(lastBody()['tool_choice'], { type: 'tool', name: 'finish' });
    await m.complete({ ...base, toolChoice: 'auto' });
    assert.deepEqual(lastBody()['tool_choice'], { type: 'auto' });
  });

  it('always sends max_tokens, honouring maxOutputTokens', async () => {
    const m = model();
    await m.complete({ system: 's', messages: [{ role: 'user', content: 'x' }] });
    assert.equal(lastBody()['max_tokens'], 8192);
    await m.complete({ system: 's', messages: [{ role: 'user', content: 'x' }], maxOutputTokens: 300, onToken: () => undefined });
    assert.equal(lastBody()['max_tokens'], 300);
    assert.equal(lastBody()['stream'], true);
    assert.equal('system' in lastBody(), true);
  });

  it('reports the model the server named and the max_tokens stop reason', async () => {
    server.setScript({ turns: [{ reply: { text: 'truncated', stopReason: 'max_tokens' } }] });
    const reply = await model().complete({ system: 's', messages: [{ role: 'user', content: 'x' }], onToken: () => undefined });
    assert.equal(reply.stopReason, 'max_tokens');
    assert.equal(reply.model, 'claude-test');
  });
});
