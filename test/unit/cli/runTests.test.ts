import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { agentTurns, call, planTurn } from '../../support/agentScripts';
import { runSquadCli } from '../../support/cliHarness';
import type { Script, ScriptedTurn } from '../../support/script';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { makeTempWorkspace } from '../../support/tempWorkspace';

// A tiny real project: node:test runs for real in a scratch copy of it.
const FILES = {
  'package.json': JSON.stringify({ name: 'shop', type: 'module', scripts: { test: 'node --test' } }),
  'src/price.js': 'export function total(items) {\n  return items.reduce((sum, i) => sum + i.price, 0);\n}\n',
  'test/price.test.js': "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { total } from '../src/price.js';\n\ntest('total adds prices', () => {\n  assert.equal(total([{ price: 2 }, { price: 3 }]), 5);\n});\n",
};

const PLAN = {
  summary: 'Discounts',
  tasks: [
    { id: 't1', role: 'backend', title: 'Apply a discount', description: 'total(items, discount) subtracts a discount.', dependsOn: [] },
    { id: 't2', role: 'qa', title: 'Test discounts', description: 'Tests for the discount.', dependsOn: ['t1'] },
  ],
};

const DISCOUNT_TEST = "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { total } from '../src/price.js';\n\ntest('total subtracts the discount', () => {\n  assert.equal(total([{ price: 10 }], 3), 7);\n});\n";

/** The backend agent introduces a bug (adds the discount); its fix round subtracts it. */
function script(opts: { fixWorks: boolean }): Script {
  const fixTurns: ScriptedTurn[] = [
    {
      name: 't1 fix',
      match: { contains: ['fix round 1 of', 'Your task (t1)'], assistantTurns: 0 },
      reply: { toolCalls: [call('propose_edit', { path: 'src/price.js', edits: [{ search: '+ i.price, 0) + discount', replace: opts.fixWorks ? '+ i.price, 0) - discount' : '+ i.price, 0) + discount * 2' }] })], usage: { input: 900, output: 50 } },
    },
    { name: 't1 fix finish', match: { contains: ['fix round', 'Your task (t1)'], assistantTurns: 1 }, reply: { toolCalls: [call('finish', { summary: 'Subtract the discount.' })], usage: { input: 950, output: 20 } } },
    {
      name: 't1 later fix',
      match: { contains: ['fix round', 'Your task (t1)'], assistantTurns: 0 },
      reply: { toolCalls: [call('finish', { summary: 'Looked again.' })], usage: { input: 900, output: 20 } },
    },
  ];
  return {
    turns: [
      planTurn(PLAN),
      ...fixTurns,
      ...agentTurns('t1', [
        [call('propose_edit', { path: 'src/price.js', edits: [{ search: 'export function total(items) {\n  return items.reduce((sum, i) => sum + i.price, 0);', replace: 'export function total(items, discount = 0) {\n  return items.reduce((sum, i) => sum + i.price, 0) + discount;' }] })],
        [call('finish', { summary: 'total(items, discount).' })],
      ]),
      ...agentTurns('t2', [
        [call('create_file', { path: 'test/discount.test.js', content: DISCOUNT_TEST })],
        [call('run_tests', {})],
        [call('finish', { summary: 'Discount test added; it fails until backend subtracts.' })],
      ]),
    ],
  };
}

describe('squad run with the test loop (real node:test in a scratch copy)', () => {
  let server: ScriptedServer;
  let state: string;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
    state = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-tests-state-'));
  });
  after(async () => {
    await server.close();
    await fs.rm(state, { recursive: true, force: true });
  });
  const env = () => ({ HOME: state, PATH: process.env.PATH ?? '', SQUAD_PROVIDER: 'openai', SQUAD_BASE_URL: server.openaiBaseUrl, SQUAD_MODEL: 'scripted' });

  it('routes the failing test to the backend agent, whose revision makes the suite pass', async () => {
    server.setScript(script({ fixWorks: true }));
    const ws = await makeTempWorkspace(FILES);
    try {
      const result = await runSquadCli(['run', 'Add discounts', '--workspace', ws.root, '--yes', '--json'], env(), ws.root);
      assert.equal(result.code, 0, result.stderr);
      const out = JSON.parse(result.stdout) as {
        tests: { command: string; outcome: string; rounds: { round: number; failed: number; passed: number; failures: { test: string; file?: string; taskId?: string; kind: string }[]; routed: Record<string, string[]> }[] };
        tasks: { id: string; history: { round: number; outcome: string }[] }[];
      };
      assert.match(out.tests.command, /^npm test -- .*--test-reporter=junit/);
      assert.equal(out.tests.outcome, 'passed');
      const [round0, round1] = out.tests.rounds;
      assert.equal(round0?.failed, 1);
      assert.deepEqual(round0?.failures.map((f) => [f.test, f.file, f.taskId, f.kind]), [['total subtracts the discount', 'src/price.js', 't1', 'routed']]);
      assert.deepEqual(round0?.routed, { t1: ['total subtracts the discount'] });
      assert.equal(round1?.failed, 0);
      assert.equal(round1?.passed, 2);
      assert.deepEqual(out.tasks.find((t) => t.id === 't1')?.history.map((h) => [h.round, h.outcome]), [[0, 'proposed'], [1, 'revised']]);
      // The fix request carried the failure and the agent's own diff.
      const fixRequest = server.requests.find((r) => r.turnName === 't1 fix');
      assert.match(JSON.stringify(fixRequest?.body), /total subtracts the discount/);
      assert.match(JSON.stringify(fixRequest?.body), /\+\s+return items\.reduce\(\(sum, i\) => sum \+ i\.price, 0\) \+ discount;/);
      // The QA agent ran the tests itself and saw the failure.
      const qaAfterRun = server.requests.find((r) => r.turnName === 't2 turn 2');
      assert.match(JSON.stringify(qaAfterRun?.body), /FAILED/);
      assert.match(result.stderr, /→ t1 \[backend\] fix round 1 of 3: 1 failing test/);
      // Nothing was written to the workspace.
      assert.equal(await fs.readFile(path.join(ws.root, 'src/price.js'), 'utf8'), FILES['src/price.js']);
    } finally {
      await ws.dispose();
    }
  });

  it('stops after the fix rounds and says what still fails and who was asked', async () => {
    server.setScript(script({ fixWorks: false }));
    const ws = await makeTempWorkspace(FILES);
    try {
      const result = await runSquadCli(['run', 'Add discounts', '--workspace', ws.root, '--yes', '--max-fix-rounds', '2'], env(), ws.root);
      assert.equal(result.code, 1);
      assert.match(result.stdout, /tests failing: Still failing after 2 fix rounds: 1 test\(s\); last asked to fix: t1 \(1 failing\)/);
      assert.equal((result.stderr.match(/→ t1 \[backend\] fix round \d of 2/g) ?? []).length, 2);
    } finally {
      await ws.dispose();
    }
  });

  it('does not run an unapproved command, and says how to approve it', async () => {
    server.setScript(script({ fixWorks: true }));
    const ws = await makeTempWorkspace(FILES);
    try {
      const result = await runSquadCli(['run', 'Add discounts', '--workspace', ws.root, '--json'], { ...env(), HOME: await fs.mkdtemp(path.join(state, 'fresh-')) }, ws.root);
      assert.match(result.stderr, /The test command `npm test` \(runs as: npm test -- .*\) \(package\.json scripts\.test: node --test\) is not approved for this workspace; run again with --yes to allow it/);
      assert.match(result.stderr, /tests will not run: you did not allow "npm test" to run/);
      const out = JSON.parse(result.stdout) as { tests: unknown };
      assert.deepEqual(out.tests, { skipped: 'you did not allow "npm test" to run' });
      // The QA agent was told it cannot run tests.
      const qaAfterRun = server.requests.filter((r) => r.turnName === 't2 turn 2').at(-1);
      assert.match(JSON.stringify(qaAfterRun?.body), /Running tests is not available/);
    } finally {
      await ws.dispose();
    }
  });
});
