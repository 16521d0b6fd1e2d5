/**
 * `squad plan` prints the plan's estimate; `squad run --budget` stops before the call that would
 * cross it (off a terminal: no question) and prints the resume command, which goes on without
 * paying for anything twice. In-process CLI, real OpenAI adapter, scripted server.
 */
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
  summary: 'Due dates',
  tasks: [
    { id: 't1', role: 'database', title: 'Column', description: 'Add due_date.', dependsOn: [] },
    { id: 't2', role: 'backend', title: 'API', description: 'Accept dueDate.', dependsOn: ['t1'] },
  ],
};
const FILES = { 'src/db.js': "export const COLUMNS = ['id'];\n", 'src/api.js': "export const FIELDS = ['title'];\n" };

function script(): Script {
  return {
    turns: [
      // A revision round (squad revise) names the task too: its turns come first.
      { name: 't1 revision turn 0', match: { contains: ['Your task (t1)', 'asks for changes'], assistantTurns: 0 }, reply: { toolCalls: [call('propose_edit', { path: 'src/db.js', edits: [{ search: "'due_date'", replace: "'due_date', 'done'" }] })] } },
      { name: 't1 revision turn 1', match: { contains: ['Your task (t1)', 'asks for changes'], assistantTurns: 1 }, reply: { toolCalls: [call('finish', { summary: 'Also done.' })] } },
      planTurn(PLAN),
      ...agentTurns('t1', [
        [call('read_file', { path: 'src/db.js' })],
        [call('propose_edit', { path: 'src/db.js', edits: [{ search: "['id']", replace: "['id', 'due_date']" }] })],
        [call('finish', { summary: 'Column added.' })],
      ]),
      ...agentTurns('t2', [
        [call('propose_edit', { path: 'src/api.js', edits: [{ search: "['title']", replace: "['title', 'dueDate']" }] })],
        [call('finish', { summary: 'dueDate accepted.' })],
      ]),
    ],
  };
}
const ALL_CALLS = 6;

describe('squad budget and estimate (CLI)', () => {
  let server: ScriptedServer;
  let home: string;
  before(async () => {
    server = await startScriptedServer(script(), { log: () => {} });
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-budget-cli-'));
  });
  after(async () => {
    await server.close();
    await fs.rm(home, { recursive: true, force: true });
  });
  // gpt-4.1-mini has a known price: the estimate shows a cost.
  const env = () => ({ HOME: home, SQUAD_PROVIDER: 'openai', SQUAD_BASE_URL: server.openaiBaseUrl, SQUAD_MODEL: 'gpt-4.1-mini' });

  it('a run over its budget stops before the crossing call; the printed resume command goes on, each call paid once; the next plan estimates from that run', async () => {
    server.setScript(script());
    const sentBefore = server.requests.length;
    const ws = await makeTempWorkspace(FILES);
    try {
      let result = await runSquadCli(['run', 'Add due dates', '--workspace', ws.root, '--budget', '1'], env(), ws.root);
      assert.equal(server.requests.length, sentBefore, 'the planner call would cross 1 token: not sent');
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /⏸ budget: spent 0 tokens · \$0 of 1 tokens; the next planner call \(~[\d.]+k? tokens · ~\$[\d.]+\) would cross it and was not sent\n/);
      assert.match(result.stderr, /run stopped at its budget; nothing is lost/);
      let resume = /To go on with a larger budget: squad run (--resume \S+ --budget \S+)/.exec(result.stderr);
      assert.ok(resume, result.stderr);
      let stops = 1;
      // Each suggested raise doubles what was needed: a few resumes finish the run.
      while (resume && stops < 10) {
        const args = resume[1]!.split(' ');
        result = await runSquadCli(['run', ...args, '--workspace', ws.root], env(), ws.root);
        resume = /To go on with a larger budget: squad run (--resume \S+ --budget \S+)/.exec(result.stderr);
        if (resume) stops++;
      }
      assert.equal(result.code, 0, result.stderr);
      assert.ok(stops >= 2, `stopped more than once on the way (${stops})`);
      assert.equal(server.requests.length - sentBefore, ALL_CALLS, 'every scripted call sent exactly once over all the resumes');

      // The run above is now "what similar tasks used" for the next plan in this workspace.
      server.setScript(script());
      const plan = await runSquadCli(['plan', 'Add due dates', '--workspace', ws.root], env(), ws.root);
      assert.equal(plan.code, 0, plan.stderr);
      assert.match(plan.stdout, /Estimate:\n {2}t1 \[database\] +~[\d.]+k tokens · ~\$[\d.]+ {2}\(median of 1 earlier database task, gpt-4\.1-mini\)/);
      // t1 used 3 scripted turns: 800 + 900 + 1000 input and 3 × 60 output = 2,880 tokens.
      assert.match(plan.stdout, /t1 \[database\] +~2\.9k tokens/);
      assert.match(plan.stdout, /run total +~[\d.]+k tokens · ~\$[\d.]+\n/);
    } finally {
      await ws.dispose();
    }
  });

  it('without history the plan estimates from prompt sizes, in JSON too', async () => {
    server.setScript(script());
    const ws = await makeTempWorkspace(FILES);
    const fresh = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-budget-cli-fresh-'));
    try {
      const plan = await runSquadCli(['plan', 'Add due dates', '--workspace', ws.root, '--json'], { ...env(), HOME: fresh }, ws.root);
      assert.equal(plan.code, 0, plan.stderr);
      const out = JSON.parse(plan.stdout) as { estimate: { tasks: { taskId: string; source: string; tokens: number; usd: number | null }[]; total: { tokens: number } } };
      assert.deepEqual(out.estimate.tasks.map((t) => [t.taskId, t.source]), [['t1', 'prompt'], ['t2', 'prompt']]);
      assert.equal(out.estimate.total.tokens, out.estimate.tasks[0]!.tokens + out.estimate.tasks[1]!.tokens);
      assert.ok(out.estimate.tasks.every((t) => t.usd !== null && t.usd > 0));
    } finally {
      await ws.dispose();
      await fs.rm(fresh, { recursive: true, force: true });
    }
  });

  it('a budget it cannot read is a usage error and nothing runs', async () => {
    const sentBefore = server.requests.length;
    const ws = await makeTempWorkspace(FILES);
    try {
      const result = await runSquadCli(['run', 'Add due dates', '--workspace', ws.root, '--budget', 'lots'], env(), ws.root);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /--budget: A budget is tokens \(200k, 1\.5m, 200000\) or dollars \(\$1\.50\), got "lots"/);
      assert.equal(server.requests.length, sentBefore);
    } finally {
      await ws.dispose();
    }
  });

  it('squad revise --budget holds the revision\'s call too; the printed resume command finishes the revision', async () => {
    server.setScript(script());
    const ws = await makeTempWorkspace(FILES);
    try {
      const run = await runSquadCli(['run', 'Add due dates', '--workspace', ws.root, '--json'], env(), ws.root);
      assert.equal(run.code, 0, run.stderr);
      const runId = (JSON.parse(run.stdout) as { runId: string }).runId;
      const sentBefore = server.requests.length;
      const held = await runSquadCli(['revise', runId, '--task', 't1', 'Add a done column too.', '--budget', '1k', '--workspace', ws.root], env(), ws.root);
      assert.equal(held.code, 1, held.stderr);
      assert.equal(server.requests.length, sentBefore, 'the revision call that would cross was not sent');
      assert.match(held.stderr, /the next database call \(~[\d.]+k? tokens · ~\$[\d.]+\) would cross it and was not sent/);
      const resume = /To go on with a larger budget: squad run (--resume \S+ --budget \S+)/.exec(held.stderr);
      assert.ok(resume, held.stderr);
      const resumed = await runSquadCli(['run', ...resume[1]!.split(' '), '--workspace', ws.root, '--json'], env(), ws.root);
      assert.equal(resumed.code, 0, resumed.stderr);
      const revisionCalls = server.requests.slice(sentBefore).map((r) => r.turnName ?? '');
      // The revision round once, then the direct dependent's short round on the new diff; no earlier turn again.
      assert.deepEqual(revisionCalls.filter((n) => n.startsWith('t1')), ['t1 revision turn 0', 't1 revision turn 1']);
      assert.ok(revisionCalls.slice(2).every((n) => n.startsWith('t2 ')), revisionCalls.join(', '));
      assert.match(resumed.stdout, /'due_date', 'done'/);
    } finally {
      await ws.dispose();
    }
  });
});
