/**
 * VS Code's language-model tools as Squad's external tools: the adapter over `vscode.lm.tools` and
 * `vscode.lm.invokeTool` (the `vscode` API is a parameter; here a stand-in with the same shapes),
 * then the extension's run controller offering a granted tool to a role, only in a trusted workspace.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { isSquadError } from '../../../src/core/common/errors';
import { createLmToolSource, type LmToolsApi, toolResultText } from '../../../src/vscode/lmTools';
import { agentTurns, call, planTurn } from '../../support/agentScripts';
import { type RecordedRequest, type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { CancellationTokenSource, TextPart } from './support/fakeLm';
import { hostFixture } from './support/hostHarness';
import { ONE_TASK_PLAN, T1_TURNS, UNTESTED_FILES } from './support/hostScripts';

class PromptTsxPart {
  constructor(readonly value: unknown) {}
}

interface Invocation {
  readonly name: string;
  readonly options: vscode.LanguageModelToolInvocationOptions<object>;
  readonly token: CancellationTokenSource['token'] | undefined;
}

function fakeToolsApi(answer: (name: string, input: object, token: CancellationTokenSource['token']) => Promise<unknown[]>): LmToolsApi & { invocations: Invocation[] } {
  const invocations: Invocation[] = [];
  const tools: vscode.LanguageModelToolInformation[] = [
    { name: 'mcp_tracker_get_issue', description: 'Reads an issue.', inputSchema: { type: 'object', properties: { id: { type: 'string' } } }, tags: [] },
    { name: 'copilot_fetchWebPage', description: 'Fetches a page.', inputSchema: undefined, tags: [] },
  ];
  const api = {
    invocations,
    LanguageModelTextPart: TextPart,
    LanguageModelPromptTsxPart: PromptTsxPart,
    CancellationTokenSource,
    lm: {
      tools,
      invokeTool: async (name: string, options: vscode.LanguageModelToolInvocationOptions<object>, token?: CancellationTokenSource['token']) => {
        invocations.push({ name, options, token });
        return { content: await answer(name, options.input, token as CancellationTokenSource['token']) };
      },
    },
  };
  // The stand-ins have the members the adapter uses, not every member of VS Code's classes.
  return api as unknown as LmToolsApi & { invocations: Invocation[] };
}

describe('vscode.lm tools as external tools', () => {
  it('lists VS Code\'s tools under prefixed names with MCP aliases, and calls them through invokeTool', async () => {
    const api = fakeToolsApi(async () => [new TextPart('Issue 42: due dates.'), new PromptTsxPart({ node: 1 }), { mimeType: 'image/png', data: new Uint8Array(1) }]);
    const source = createLmToolSource(api);
    const listed = await source.list(new AbortController().signal);
    assert.deepEqual(listed.map((t) => [t.name, t.aliases, t.source]), [
      ['vscode__mcp_tracker_get_issue', ['mcp_tracker_get_issue', 'tracker/get_issue', 'tracker_get/issue'], 'an MCP server in VS Code'],
      ['vscode__copilot_fetchWebPage', ['copilot_fetchWebPage'], 'a VS Code tool'],
    ]);
    assert.deepEqual(listed[1]?.inputSchema, { type: 'object', properties: {} }, 'a tool without a schema takes an empty object');
    const reply = await source.call('vscode__mcp_tracker_get_issue', { id: '42' }, new AbortController().signal);
    assert.deepEqual(reply, { text: 'Issue 42: due dates.\n{"node":1}\n[content (image/png) not shown]' });
    assert.equal(api.invocations.length, 1);
    assert.equal(api.invocations[0]?.name, 'mcp_tracker_get_issue');
    assert.deepEqual(api.invocations[0]?.options, { input: { id: '42' }, toolInvocationToken: undefined });
    assert.deepEqual(await source.call('vscode__nope', {}, new AbortController().signal), { text: 'No VS Code tool is named vscode__nope.', isError: true });
    assert.equal(toolResultText(api, { content: [] }), '(the tool returned no content)');
  });

  it('cancelling the run cancels the invocation', async () => {
    const api = fakeToolsApi((_name, _input, token) => new Promise((_, reject) => token.onCancellationRequested(() => reject(new Error('Canceled')))));
    const source = createLmToolSource(api);
    await source.list(new AbortController().signal);
    const controller = new AbortController();
    const pending = source.call('vscode__copilot_fetchWebPage', { url: 'x' }, controller.signal);
    controller.abort();
    await assert.rejects(pending, (err) => isSquadError(err, 'cancelled'));
    assert.equal(api.invocations[0]?.token?.isCancellationRequested, true);
  });
});

describe('RunController: VS Code tools granted by squad.agentTools', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
  });
  after(() => server.close());

  const toolNames = (r: RecordedRequest | undefined): string[] => ((r?.body as { tools?: { function: { name: string } }[] } | undefined)?.tools ?? []).map((t) => t.function.name);
  const SCRIPT = () => ({ turns: [planTurn(ONE_TASK_PLAN), ...agentTurns('t1', [[call('vscode__mcp_tracker_get_issue', { id: '42' })]]), ...T1_TURNS.map((t, i) => ({ ...t, name: `t1 after ${i}`, match: { ...t.match, assistantTurns: i + 1 } }))] });

  it('offers the granted tool to its role, calls it once through VS Code, and gives the result as data', async () => {
    server.setScript(SCRIPT());
    const f = await hostFixture(server, UNTESTED_FILES, { autonomy: 'review-changes', agentTools: { backend: ['tracker/*'] } });
    const api = fakeToolsApi(async () => [new TextPart('Issue 42: a discount of 3.')]);
    f.externalTools = createLmToolSource(api);
    try {
      const since = server.requests.length;
      await f.controller.requestFeature('Add discounts');
      assert.equal(f.controller.state?.status, 'completed', f.lines.join('\n'));
      const requests = server.requests.slice(since);
      assert.deepEqual(toolNames(requests.find((r) => r.turnName === 't1 turn 0')).filter((n) => n.startsWith('vscode__')), ['vscode__mcp_tracker_get_issue'], 'only the granted tool');
      assert.equal(api.invocations.length, 1);
      const next = JSON.stringify(requests.find((r) => r.turnName === 't1 after 0')?.body);
      assert.match(next, /<<untrusted-data source=\\"vscode__mcp_tracker_get_issue\\" id=\\"[0-9a-f]+\\">>\\nIssue 42: a discount of 3\./);
      const called = f.events.find((e) => e.type === 'tool.called' && e.tool === 'vscode__mcp_tracker_get_issue');
      assert.ok(called?.type === 'tool.called' && called.result && 'content' in called.result && called.result.content === 'Issue 42: a discount of 3.', 'journaled whole');
    } finally {
      await f.dispose();
    }
  });

  it('says when a granted name matches none of the tools VS Code offers', async () => {
    server.setScript({ turns: [planTurn(ONE_TASK_PLAN), ...T1_TURNS] });
    const f = await hostFixture(server, UNTESTED_FILES, { autonomy: 'review-changes', agentTools: { backend: ['trackr/*'] } });
    f.externalTools = createLmToolSource(fakeToolsApi(async () => [new TextPart('never')]));
    try {
      await f.controller.requestFeature('Add discounts');
      assert.equal(f.controller.state?.status, 'completed', f.lines.join('\n'));
      const notice = f.notices.find((n) => n.severity === 'warning' && n.message.includes('"trackr/*"'));
      assert.ok(notice, f.notices.map((n) => n.message).join('\n'));
      assert.match(notice.message, /^Squad: The backend role is granted "trackr\/\*", which matches no tool \(the tools on offer are mcp_tracker_get_issue, copilot_fetchWebPage\)/);
    } finally {
      await f.dispose();
    }
  });

  it('offers no VS Code tool in an untrusted workspace, and none to a role without a grant', async () => {
    for (const [trusted, grants] of [[false, { backend: ['*'] }], [true, { qa: ['*'] }]] as const) {
      server.setScript({ turns: [planTurn(ONE_TASK_PLAN), ...T1_TURNS] });
      const f = await hostFixture(server, UNTESTED_FILES, { autonomy: 'review-changes', agentTools: grants });
      f.trusted = trusted;
      const api = fakeToolsApi(async () => [new TextPart('never')]);
      f.externalTools = createLmToolSource(api);
      try {
        const since = server.requests.length;
        await f.controller.requestFeature('Add discounts');
        assert.equal(f.controller.state?.status, 'completed', f.lines.join('\n'));
        assert.deepEqual(toolNames(server.requests.slice(since).find((r) => r.turnName === 't1 turn 0')).filter((n) => n.startsWith('vscode__')), []);
        assert.equal(api.invocations.length, 0);
      } finally {
        await f.dispose();
      }
    }
  });
});
