import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSquadError } from '../../../src/core/common/errors';
import { costOf } from '../../../src/core/llm/usage';
import { planFeature } from '../../../src/core/plan/planner';
import { createLmChatModel, createLmRouter, selectLmModel } from '../../../src/vscode/lm';
import { parseSettingsObject } from '../../../src/vscode/settings';
import { asChat, CancellationTokenSource, FakeChat, fakeApi, LanguageModelError, parts, TextPart, ToolCallPart, ToolResultPart } from './support/fakeLm';

const TOOLS = [
  { name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' } } } },
  { name: 'finish', description: 'Finish', parameters: { type: 'object', properties: {} } },
];

describe('vscode.lm ChatModel', () => {
  it('sends the conversation as vscode.lm messages: system first, tool calls and grouped tool results', async () => {
    const chat = new FakeChat('gpt-4o', 'gpt-4o', () => parts(new TextPart('ok')));
    const model = createLmChatModel(fakeApi([chat]), asChat(chat));
    await model.complete({
      system: 'You are the backend agent.',
      messages: [
        { role: 'user', content: 'Do t1.' },
        { role: 'assistant', content: 'Reading.', toolCalls: [{ id: 'c1', name: 'read_file', rawArguments: '{"path":"a.js"}', arguments: { path: 'a.js' } }, { id: 'c2', name: 'read_file', rawArguments: '{bad', arguments: undefined, argumentsError: 'bad JSON' }] },
        { role: 'tool', toolCallId: 'c1', toolName: 'read_file', content: '1: x' },
        { role: 'tool', toolCallId: 'c2', toolName: 'read_file', content: 'arguments were not JSON', isError: true },
      ],
      tools: TOOLS,
    });
    const [sent] = chat.sent;
    assert.ok(sent);
    const msgs = sent.messages;
    assert.equal(msgs.length, 3);
    assert.deepEqual([msgs[0]?.role, msgs[0]?.content], [1, 'You are the backend agent.\n\nDo t1.']);
    assert.equal(msgs[1]?.role, 2);
    const assistant = msgs[1]?.content as unknown[];
    assert.ok(assistant[0] instanceof TextPart && assistant[0].value === 'Reading.');
    assert.ok(assistant[1] instanceof ToolCallPart && assistant[1].callId === 'c1');
    assert.deepEqual(assistant[1].input, { path: 'a.js' });
    assert.deepEqual((assistant[2] as ToolCallPart).input, {}, 'unparseable arguments are replayed as none');
    const results = msgs[2]?.content as ToolResultPart[];
    assert.equal(msgs[2]?.role, 1);
    assert.deepEqual(results.map((r) => [r.callId, (r.content[0] as TextPart).value]), [['c1', '1: x'], ['c2', 'ERROR: arguments were not JSON']]);
    assert.deepEqual(sent.options.tools?.map((t) => t.name), ['read_file', 'finish']);
    assert.equal(sent.options.toolMode, 1);
    assert.match(sent.options.justification ?? '', /Squad/);
  });

  it('streams text to onToken, returns tool calls, and estimates usage with countTokens (cost unknown)', async () => {
    const chat = new FakeChat('claude-sonnet-4', 'claude-sonnet-4', () => parts(new TextPart('Let me '), new TextPart('read.'), new ToolCallPart('call-9', 'read_file', { path: 'src/a.js' }), { someFuturePart: true }));
    const model = createLmChatModel(fakeApi([chat]), asChat(chat));
    const tokens: string[] = [];
    const reply = await model.complete({ system: 'sys', messages: [{ role: 'user', content: 'go' }], tools: TOOLS, onToken: (t) => tokens.push(t) });
    assert.deepEqual(tokens, ['Let me ', 'read.']);
    assert.equal(reply.text, 'Let me read.');
    assert.deepEqual(reply.toolCalls, [{ id: 'call-9', name: 'read_file', rawArguments: '{"path":"src/a.js"}', arguments: { path: 'src/a.js' } }]);
    assert.equal(reply.stopReason, 'tool_calls');
    assert.equal(chat.counted.length, 2, 'one count for the request, one for the reply');
    assert.ok(chat.counted[0]?.includes('read_file') && chat.counted[0].includes('sys'), 'the request count includes the system prompt and tool schemas');
    assert.equal(reply.usage.output, Math.ceil('Let me read.read_file{"path":"src/a.js"}'.length / 4));
    assert.ok(reply.usage.input > 0);
    assert.equal(reply.model, 'vscode-lm/claude-sonnet-4');
    assert.equal(model.provider, 'vscode-lm');
    // claude-sonnet-4 is in the price table; the vscode-lm id is not, so no made-up cost.
    assert.equal(costOf(reply.model, reply.usage), undefined);
  });

  it('a named tool choice sends only that tool, in Required mode', async () => {
    const chat = new FakeChat('m', 'f', () => parts(new ToolCallPart('c', 'finish', {})));
    await createLmChatModel(fakeApi([chat]), asChat(chat)).complete({ system: '', messages: [{ role: 'user', content: 'x' }], tools: TOOLS, toolChoice: { name: 'finish' } });
    assert.deepEqual(chat.sent[0]?.options.tools?.map((t) => t.name), ['finish']);
    assert.equal(chat.sent[0]?.options.toolMode, 2);
    assert.equal(chat.sent[0]?.messages[0]?.content, 'x', 'no system prompt, no prefix');
  });

  it('maps LanguageModelError codes to SquadError codes', async () => {
    const cases: [string, string][] = [['NoPermissions', 'llm/auth'], ['Blocked', 'llm/rate_limited'], ['NotFound', 'config/invalid'], ['Unknown', 'llm/server']];
    for (const [lmCode, code] of cases) {
      const chat = new FakeChat('m', 'f', () => new LanguageModelError(`refused (${lmCode})`, lmCode));
      await assert.rejects(createLmChatModel(fakeApi([chat]), asChat(chat)).complete({ system: '', messages: [{ role: 'user', content: 'x' }] }), (err: unknown) => isSquadError(err) && err.code === code);
    }
    const long = new FakeChat('m', 'f', () => new Error('Message exceeds token limit of the model'));
    await assert.rejects(createLmChatModel(fakeApi([long]), asChat(long)).complete({ system: '', messages: [{ role: 'user', content: 'x' }] }), (err: unknown) => isSquadError(err, 'llm/context_length'));
  });

  it('an abort cancels the request token and ends the call as `cancelled`', async () => {
    const controller = new AbortController();
    let seen: CancellationTokenSource['token'] | undefined;
    const chat = new FakeChat('m', 'f', (_m, _o, token) => {
      seen = token;
      return (async function* () {
        yield new TextPart('partial');
        controller.abort();
        // vscode.lm ends a cancelled stream quietly: the adapter must still say "cancelled".
      })();
    });
    await assert.rejects(createLmChatModel(fakeApi([chat]), asChat(chat)).complete({ system: '', messages: [{ role: 'user', content: 'x' }], signal: controller.signal }), (err: unknown) => isSquadError(err, 'cancelled'));
    assert.equal(seen?.isCancellationRequested, true);
    await assert.rejects(createLmChatModel(fakeApi([chat]), asChat(chat)).complete({ system: '', messages: [], signal: controller.signal }), (err: unknown) => isSquadError(err, 'cancelled'));
    assert.equal(chat.sent.length, 1, 'an aborted signal sends nothing');
  });

  it('an exception from onToken is the caller\'s own and comes back unchanged', async () => {
    const chat = new FakeChat('m', 'f', () => parts(new TextPart('x')));
    const mine = new RangeError('stop');
    await assert.rejects(
      createLmChatModel(fakeApi([chat]), asChat(chat)).complete({ system: '', messages: [{ role: 'user', content: 'x' }], onToken: () => { throw mine; } }),
      (err: unknown) => err === mine,
    );
  });

  it('plans a feature through the core planner', async () => {
    const plan = { summary: 'Due dates', tasks: [{ id: 't1', role: 'backend', title: 'Add due dates', description: 'Store a due date.', dependsOn: [] }] };
    const chat = new FakeChat('gpt-4.1', 'gpt-4.1', () => parts(new ToolCallPart('p1', 'submit_plan', plan)));
    const result = await planFeature({ request: 'Add due dates', workspaceSummary: 'a node app', model: createLmChatModel(fakeApi([chat]), asChat(chat)) });
    assert.deepEqual(result.plan.tasks.map((t) => t.id), ['t1']);
    assert.deepEqual(chat.sent[0]?.options.tools?.map((t) => t.name), ['submit_plan']);
    assert.equal(chat.sent[0]?.options.toolMode, 2);
  });
});

describe('choosing vscode.lm models', () => {
  const a = new FakeChat('copilot-gpt-4o', 'gpt-4o', () => parts());
  const b = new FakeChat('copilot-claude', 'claude-sonnet-4', () => parts());
  const api = fakeApi([a, b]);

  it('matches an id first, then a family; empty takes the first model', async () => {
    assert.equal((await selectLmModel(api, 'copilot-claude')).id, 'copilot-claude');
    assert.equal((await selectLmModel(api, 'claude-sonnet-4')).id, 'copilot-claude');
    assert.equal((await selectLmModel(api, '')).id, 'copilot-gpt-4o');
  });

  it('names the available models when none matches, and says how to get one when there are none', async () => {
    await assert.rejects(selectLmModel(api, 'o3'), (err: unknown) => isSquadError(err, 'config/invalid') && /copilot-gpt-4o \(gpt-4o\)/.test(err.message));
    await assert.rejects(selectLmModel(fakeApi([]), ''), (err: unknown) => isSquadError(err, 'config/invalid') && /Copilot/.test(err.message));
  });

  it('routes each role to its model from squad.models, the rest to squad.model', async () => {
    const settings = parseSettingsObject({ provider: 'vscode-lm', model: 'gpt-4o', models: { planner: 'claude-sonnet-4' } }).settings;
    const modelFor = await createLmRouter(api, settings, ['planner', 'backend', 'qa']);
    assert.equal(modelFor('planner').model, 'vscode-lm/copilot-claude');
    assert.equal(modelFor('backend').model, 'vscode-lm/copilot-gpt-4o');
    assert.equal(modelFor('custom-role').model, 'vscode-lm/copilot-gpt-4o');
    assert.equal(modelFor('backend'), modelFor('qa'), 'one ChatModel per model');
  });
});
