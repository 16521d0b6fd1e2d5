import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { agentTurns, call, planTurn } from '../../support/agentScripts';
import { runSquadCli } from '../../support/cliHarness';
import type { Script } from '../../support/script';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { makeTempWorkspace } from '../../support/tempWorkspace';

const PLAN = {
  summary: 'Page size',
  tasks: [
    { id: 't1', role: 'backend', title: 'Page size constant', description: 'src/api.js exports the page size.', dependsOn: [] },
    { id: 't2', role: 'frontend', title: 'Use the page size', description: 'src/ui.js uses it.', dependsOn: ['t1'] },
  ],
};

const FILES = { 'src/api.js': 'export const pageSize = 10;\n' };
const COMMENT = 'Fifty is too many: use 20.';

function script(): Script {
  return {
    turns: [
      // Revision rounds first: the first matching turn answers, and their conversations name the task too.
      { name: 't1 revision 0', match: { contains: ['Your task (t1)', 'asks for changes'], assistantTurns: 0 }, reply: { toolCalls: [call('propose_edit', { path: 'src/api.js', edits: [{ search: 'pageSize = 50', replace: 'pageSize = 20' }] })] } },
      { name: 't1 revision 1', match: { contains: ['Your task (t1)', 'asks for changes'], assistantTurns: 1 }, reply: { toolCalls: [call('finish', { summary: 'Page size 20.' })] } },
      { name: 't2 check 0', match: { contains: ['Your task (t2)', 'was revised after you proposed'], assistantTurns: 0 }, reply: { toolCalls: [call('finish', { summary: 'unchanged' })] } },
      planTurn(PLAN),
      ...agentTurns('t1', [
        [call('propose_edit', { path: 'src/api.js', edits: [{ search: 'pageSize = 10', replace: 'pageSize = 50' }] })],
        [call('finish', { summary: 'Page size 50.' })],
      ]),
      ...agentTurns('t2', [
        [call('create_file', { path: 'src/ui.js', content: 'import { pageSize } from "./api.js";\nexport const rows = pageSize;\n' })],
        [call('finish', { summary: 'rows follow pageSize.' })],
      ]),
    ],
  };
}

describe('squad revise (in-process, scripted model)', () => {
  let server: ScriptedServer;
  let state: string;
  before(async () => {
    server = await startScriptedServer(script(), { log: () => {} });
    state = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-revise-state-'));
  });
  after(async () => {
    await server.close();
    await fs.rm(state, { recursive: true, force: true });
  });
  const env = () => ({ HOME: state, SQUAD_PROVIDER: 'openai', SQUAD_BASE_URL: server.openaiBaseUrl, SQUAD_MODEL: 'scripted' });

  it('sends the comment to the task’s agent, prints round 2’s diff, tells the dependent, and writes nothing', async () => {
    server.setScript(script());
    const ws = await makeTempWorkspace(FILES);
    try {
      const run = await runSquadCli(['run', 'Page size', '--workspace', ws.root, '--json'], env(), ws.root);
      assert.equal(run.code, 0, run.stderr);
      const runId = (JSON.parse(run.stdout) as { runId: string }).runId;

      const refused = await runSquadCli(['revise', runId, '--task', 't9', COMMENT, '--workspace', ws.root], env(), ws.root);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /no task t9/);

      const revised = await runSquadCli(['revise', runId, '--task', 't1', '--file', 'src/api.js', COMMENT, '--workspace', ws.root], env(), ws.root);
      assert.equal(revised.code, 0, revised.stderr);
      assert.match(revised.stdout, /=== t1 \[backend\] Page size constant — proposed \(revised in round \d+\): Page size 20\./);
      assert.match(revised.stdout, /\+export const pageSize = 20;/);
      assert.doesNotMatch(revised.stdout, /pageSize = 50/);
      assert.match(revised.stderr, /✎ changes requested on src\/api\.js — t1 \[backend\] revises in round \d+: "Fifty is too many: use 20\."/);
      assert.match(revised.stderr, /↺ t2 \[frontend\]: t1 was revised after it proposed; it checks the new diff in round \d+/);
      const sent = server.requests.find((r) => r.turnName === 't1 revision 0');
      assert.ok(JSON.stringify(sent?.body).includes(COMMENT), 'the comment reached the agent');
      assert.equal(await fs.readFile(path.join(ws.root, 'src/api.js'), 'utf8'), FILES['src/api.js'], 'nothing is written');
    } finally {
      await ws.dispose();
    }
  });
});
