import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { agentTurns, call, planTurn } from '../../support/agentScripts';
import { runSquadCli } from '../../support/cliHarness';
import type { Script } from '../../support/script';
import { type RecordedRequest, type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { makeTempWorkspace } from '../../support/tempWorkspace';

const FILES = {
  '.gitignore': '.squad/\n',
  'package.json': JSON.stringify({ name: 'app' }),
  'src/api/users.js': 'export const users = [];\n',
  'docs/guide.md': '# Guide\n',
  '.squad/agents/docs.agent.md': `---
description: Writes the user guide in docs/
model: docs-model
tools: ['read', 'edit/editFiles']
owns: ['docs/**']
handoffs:
  - label: Review
    agent: qa
---
You are the docs engineer. Write short sentences.
`,
  '.github/agents/backend.agent.md': `---
name: backend
description: The HTTP API in src/api
model: ['api-model', 'fallback-model']
---
You are the API engineer. Keep handlers thin.
`,
  '.squad/agents/broken.agent.md': '---\ndescription: [unclosed\n---\nNever used.\n',
};

const PLAN = {
  summary: 'Document the users endpoint',
  tasks: [
    { id: 't1', role: 'backend', title: 'Add GET /users', description: 'Export a handler.', files: ['src/api/users.js'] },
    { id: 't2', role: 'docs', title: 'Document GET /users', description: 'A section in the guide.', dependsOn: ['t1'], files: ['docs/guide.md'] },
  ],
};

function script(): Script {
  return {
    turns: [
      planTurn(PLAN),
      ...agentTurns('t1', [
        [call('propose_edit', { path: 'src/api/users.js', edits: [{ search: 'export const users = [];', replace: 'export const users = [];\nexport const list = () => users;' }] })],
        [call('finish', { summary: 'list() returns the users.' })],
      ]),
      ...agentTurns('t2', [
        [call('propose_edit', { path: 'docs/guide.md', edits: [{ search: '# Guide', replace: '# Guide\n\nGET /users lists the users.' }] })],
        [call('finish', { summary: 'Documented GET /users.' })],
      ]),
    ],
  };
}

interface ChatBody {
  model: string;
  messages: { role: string; content: unknown }[];
  tools?: { function: { name: string; parameters: unknown } }[];
}

const body = (r: RecordedRequest) => r.body as ChatBody;
const systemText = (r: RecordedRequest) => {
  const content = body(r).messages.find((m) => m.role === 'system')?.content;
  return typeof content === 'string' ? content : JSON.stringify(content);
};
const toolNames = (r: RecordedRequest) => (body(r).tools ?? []).map((t) => t.function.name);

describe('custom agents as files (squad run, scripted model)', () => {
  let server: ScriptedServer;
  let state: string;

  before(async () => {
    server = await startScriptedServer(script(), { log: () => {} });
    state = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-agents-state-'));
  });
  after(async () => {
    await server.close();
    await fs.rm(state, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string> = {}) => ({ HOME: state, SQUAD_PROVIDER: 'openai', SQUAD_BASE_URL: server.openaiBaseUrl, SQUAD_MODEL: 'scripted', ...extra });

  async function run(args: string[], extraEnv: Record<string, string> = {}) {
    server.setScript(script());
    const from = server.requests.length;
    const ws = await makeTempWorkspace(FILES);
    try {
      const result = await runSquadCli(['run', 'Document the users endpoint', '--workspace', ws.root, '--json', ...args], env(extraEnv), ws.root);
      const requests = server.requests.slice(from);
      const named = (name: string) => {
        const found = requests.find((r) => r.turnName === name);
        assert.ok(found, `no request answered by "${name}"`);
        return found;
      };
      return { result, named };
    } finally {
      await ws.dispose();
    }
  }

  it("shows the planner the roster with descriptions, runs each file's role with its model, tools and prompt, and says where roles came from", async () => {
    const { result, named } = await run([]);
    assert.equal(result.code, 0, result.stderr);
    // A broken file is a warning naming it; the run goes on without it.
    assert.match(result.stderr, /squad: warning: \.squad\/agents\/broken\.agent\.md: the front matter is not valid YAML.*the file is skipped/);

    const planner = named('planner');
    assert.equal(body(planner).model, 'scripted');
    const system = systemText(planner);
    assert.match(system, /^- docs: Writes the user guide in docs\/ \(owns docs\/\*\*\)$/m);
    assert.match(system, /^- backend: The HTTP API in src\/api$/m);
    assert.match(system, /^- qa: automated tests/m);
    assert.match(JSON.stringify(body(planner).tools), /"enum":\["database","backend","frontend","qa","docs"\]/);

    const docs = named('t2 turn 0');
    assert.equal(body(docs).model, 'docs-model');
    assert.deepEqual(toolNames(docs), ['read_file', 'propose_edit', 'finish']);
    assert.match(systemText(docs), /You are the docs engineer\. Write short sentences\.$/);

    const backend = named('t1 turn 0');
    assert.equal(body(backend).model, 'api-model', 'the first of the file\'s models');
    assert.deepEqual(toolNames(backend), ['list_files', 'read_file', 'search', 'propose_edit', 'create_file', 'delete_file', 'finish']);
    assert.match(systemText(backend), /You are the API engineer\./);
    assert.doesNotMatch(systemText(backend), /You are the backend engineer/);

    const out = JSON.parse(result.stdout) as { status: string; roles: { name: string; source: string; model?: string; prompt?: string }[]; tasks: { id: string; model: string }[] };
    assert.equal(out.status, 'completed');
    assert.deepEqual(out.roles.map((r) => [r.name, r.source]), [
      ['database', 'built-in'],
      ['backend', '.github/agents/backend.agent.md'],
      ['frontend', 'built-in'],
      ['qa', 'built-in'],
      ['docs', '.squad/agents/docs.agent.md'],
    ]);
    assert.equal(out.roles.find((r) => r.name === 'docs')?.model, 'docs-model');
    assert.equal(out.roles.some((r) => r.prompt !== undefined), false, 'prompts stay in the journal, not the JSON');
    assert.deepEqual(out.tasks.map((t) => [t.id, t.model]), [['t1', 'api-model'], ['t2', 'docs-model']]);
  });

  it("lets --model-<role> and SQUAD_MODEL_<ROLE> win over a file's model; --model wins over every file", async () => {
    const flagged = await run(['--model-docs', 'flag-model'], { SQUAD_MODEL_BACKEND: 'env-model' });
    assert.equal(flagged.result.code, 0, flagged.result.stderr);
    assert.equal(body(flagged.named('t2 turn 0')).model, 'flag-model');
    assert.equal(body(flagged.named('t1 turn 0')).model, 'env-model');

    const everyone = await run(['--model', 'one-model']);
    assert.equal(everyone.result.code, 0, everyone.result.stderr);
    assert.equal(body(everyone.named('t2 turn 0')).model, 'one-model');
    assert.equal(body(everyone.named('t1 turn 0')).model, 'one-model');
  });

  it('prints where each role of the plan came from', async () => {
    server.setScript(script());
    const ws = await makeTempWorkspace(FILES);
    try {
      const result = await runSquadCli(['plan', 'Document the users endpoint', '--workspace', ws.root], env(), ws.root);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^Roles: backend \(\.github\/agents\/backend\.agent\.md, model api-model\) · docs \(\.squad\/agents\/docs\.agent\.md, model docs-model\)$/m);
    } finally {
      await ws.dispose();
    }
  });
});
