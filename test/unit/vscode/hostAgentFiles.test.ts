import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { type RecordedRequest, type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { hostFixture, noticeText } from './support/hostHarness';
import { script, UNTESTED_FILES } from './support/hostScripts';

const FILES = {
  ...UNTESTED_FILES,
  '.squad/agents/backend.agent.md': '---\ndescription: Pricing rules in src/\nmodel: file-model\ntools: [read, edit]\nowns: [src/**]\n---\nYou are the pricing engineer.\n',
  '.squad/agents/broken.agent.md': '---\nmodel: [\n---\n',
};

interface ChatBody {
  model: string;
  messages: { role: string; content: unknown }[];
  tools?: { function: { name: string } }[];
}

describe('RunController: custom agents as files', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
  });
  after(() => server.close());

  const agentRequest = (from: number): ChatBody => {
    const found = server.requests.slice(from).find((r: RecordedRequest) => r.turnName === 't1 turn 0');
    assert.ok(found, 'the backend agent was asked');
    return found.body as ChatBody;
  };

  it("runs an overridden role with its file's model, tools and prompt, journaled at the start, and says which file was skipped", async () => {
    server.setScript(script());
    const from = server.requests.length;
    const f = await hostFixture(server, FILES);
    try {
      const c = f.controller;
      await c.requestFeature('Add discounts');
      assert.equal(c.phase, 'awaiting-approval');
      assert.match(noticeText(f), /Agent file \.squad\/agents\/broken\.agent\.md: the front matter is not valid YAML/);
      assert.deepEqual(c.state?.roster.find((r) => r.name === 'backend'), {
        name: 'backend',
        source: '.squad/agents/backend.agent.md',
        description: 'Pricing rules in src/',
        prompt: 'You are the pricing engineer.',
        model: 'file-model',
        tools: ['read', 'edit'],
        owns: ['src/**'],
      });
      // The file changes while the plan waits: the run keeps the roster it started with.
      await fs.writeFile(path.join(f.root, '.squad/agents/backend.agent.md'), '---\nmodel: other-model\n---\nYou are someone else.\n');
      await c.approvePlan();
      assert.equal(c.state?.status, 'completed');
      const body = agentRequest(from);
      assert.equal(body.model, 'file-model');
      assert.deepEqual(body.tools?.map((t) => t.function.name), ['read_file', 'propose_edit', 'create_file', 'delete_file', 'finish']);
      assert.match(String(body.messages[0]?.content), /You are the pricing engineer\.$/);
    } finally {
      await f.dispose();
    }
  });

  it('leaves the agent files out in an untrusted workspace, and says so', async () => {
    server.setScript(script());
    const from = server.requests.length;
    const f = await hostFixture(server, FILES, { autonomy: 'review-changes' });
    try {
      f.trusted = false;
      await f.controller.requestFeature('Add discounts');
      assert.equal(f.controller.state?.roster.find((r) => r.name === 'backend')?.source, 'built-in');
      assert.match(noticeText(f), /\.squad\/agents\/backend\.agent\.md: not used, because this workspace is not trusted/);
      const body = agentRequest(from);
      assert.equal(body.model, 'scripted');
      assert.match(String(body.messages[0]?.content), /You are the backend engineer/);
    } finally {
      await f.dispose();
    }
  });

  it("lets squad.models win over the file's model", async () => {
    server.setScript(script());
    const from = server.requests.length;
    const f = await hostFixture(server, FILES, { models: { backend: 'setting-model' }, autonomy: 'review-changes' });
    try {
      await f.controller.requestFeature('Add discounts');
      assert.equal(f.controller.state?.status, 'completed', noticeText(f));
      assert.equal(agentRequest(from).model, 'setting-model');
    } finally {
      await f.dispose();
    }
  });
});
