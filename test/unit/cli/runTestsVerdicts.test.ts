import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { agentTurns, call, planTurn } from '../../support/agentScripts';
import { runSquadCli } from '../../support/cliHarness';
import { cliEnv, journalOf, parseRunJson } from '../../support/cliRuns';
import { backendTurns, DISCOUNT_TEST, fixTurns, qaTurns, SHOP_FILES, SHOP_PLAN } from '../../support/loopProject';
import { lastToolResults } from '../../support/squadHarness';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { makeTempWorkspace } from '../../support/tempWorkspace';

/** Code no task touches, with a bug its own test already catches. */
const LEGACY = {
  'src/legacy.js': "export function parseCents(text) {\n  const [whole, cents] = text.split('.');\n  return Number(whole) * 100 + Number(cents.padEnd(2, '0'));\n}\n",
  'test/legacy.test.js':
    "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { parseCents } from '../src/legacy.js';\n\ntest('parseCents reads whole amounts', () => {\n  assert.equal(parseCents('12'), 1200);\n});\n",
};

/**
 * Prints a marker: the command's output is journaled (tests.finished's raw tail), so the journal
 * says whether it ran. A file outside the scratch copy would not do: the sandbox keeps commands from
 * writing anywhere else.
 */
const MARK = "process.stdout.write('SPAWNED-' + 'MARK')";

const ran = async (stderr: string) => {
  const { events } = await journalOf(stderr);
  return events.some((e) => e.type === 'tests.finished' && e.rawTail.includes('SPAWNED-MARK')) || events.some((e) => e.type === 'tool.called' && e.tool === 'run_tests' && !e.isError);
};

describe('squad run: failures nobody caused, and commands nobody approved', () => {
  let server: ScriptedServer;
  let tmp: string;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-tests-verdicts-'));
  });
  after(async () => {
    await server.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });
  const freshHome = () => fs.mkdtemp(path.join(tmp, 'home-'));

  it('a failing test in code no task changed is reported pre-existing, not routed; exit 1 with a clear summary', async () => {
    server.setScript({
      turns: [
        planTurn(SHOP_PLAN),
        ...fixTurns('t1', [[call('finish', { summary: 'Nothing to change.' })]]),
        ...fixTurns('t2', [[call('finish', { summary: 'Nothing to change.' })]]),
        ...backendTurns({ buggy: false }),
        ...qaTurns({ 'test/discount.test.js': DISCOUNT_TEST }),
      ],
    });
    const ws = await makeTempWorkspace({ ...SHOP_FILES, ...LEGACY });
    try {
      const since = server.requests.length;
      const result = await runSquadCli(['run', 'Add discounts', '--workspace', ws.root, '--yes'], cliEnv(server, await freshHome()), ws.root);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stdout, /^round 0: 1 failed, 2 passed$/m);
      assert.match(result.stdout, /^ {2}✖ parseCents reads whole amounts: TypeError: Cannot read properties of undefined \(reading 'padEnd'\) \[pre-existing\]$/m);
      assert.match(result.stdout, /^tests pre-existing: The remaining failures are not the squad’s \(they fail without its changes, or in code no task changed\): 1 failing — parseCents reads whole amounts \(src\/legacy\.js\); nothing was sent back to the agents\.$/m);
      assert.match(result.stdout, /^run \S+: completed$/m);
      // The baseline (the same command without the proposals) is what says so.
      assert.match(result.stderr, /baseline: 1 passed, 1 failed without the squad's changes/);
      assert.match(result.stderr, /✖ parseCents reads whole amounts → not the squad's \(it failed the same way before the squad’s changes \(baseline run\)\): not routed/);

      const { events } = await journalOf(result.stderr);
      const finished = events.flatMap((e) => (e.type === 'tests.finished' ? [e] : []));
      assert.deepEqual(finished.map((e) => e.failures.map((f) => [f.test, f.file, f.line, f.taskId, f.kind])), [[['parseCents reads whole amounts', 'src/legacy.js', 3, undefined, 'pre-existing']]]);
      assert.deepEqual(events.filter((e) => e.type === 'failure.routed' || e.type === 'fix.started'), []);
      assert.deepEqual(events.flatMap((e) => (e.type === 'tests.settled' ? [e.outcome] : [])), ['pre-existing']);
      assert.deepEqual(server.requests.slice(since).map((r) => r.turnName), ['planner', 't1 turn 0', 't1 turn 1', 't2 turn 0', 't2 turn 1']);
    } finally {
      await ws.dispose();
    }
  });

  it('without --yes and without an approval, no test command runs: not the loop\'s, not QA\'s run_tests', async () => {
    server.setScript({
      turns: [
        planTurn(SHOP_PLAN),
        ...backendTurns({ buggy: false }),
        ...agentTurns('t2', [[call('create_file', { path: 'test/discount.test.js', content: DISCOUNT_TEST })], [call('run_tests', {})], [call('finish', { summary: 'Tests added.' })]]),
      ],
    });
    // The project's own test script would leave the marker.
    const ws = await makeTempWorkspace({ ...SHOP_FILES, 'package.json': JSON.stringify({ name: 'shop', type: 'module', scripts: { test: 'node mark.cjs' } }), 'mark.cjs': `${MARK};\n` });
    try {
      const since = server.requests.length;
      const result = await runSquadCli(['run', 'Add discounts', '--workspace', ws.root, '--json'], cliEnv(server, await freshHome()), ws.root);
      assert.equal(await ran(result.stderr), false, 'the test command ran');
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /The test command `npm test` \(package\.json scripts\.test: node mark\.cjs\) is not approved for this workspace; run again with --yes to allow it/);
      assert.match(result.stderr, /tests will not run: you did not allow "npm test" to run/);
      assert.deepEqual(parseRunJson(result.stdout).tests, { skipped: 'you did not allow "npm test" to run' });
      const { events } = await journalOf(result.stderr);
      assert.deepEqual(events.filter((e) => e.type.startsWith('tests.')).map((e) => e.type), ['tests.approvalRequested', 'tests.approvalDecided', 'tests.skipped']);
      const qaRun = lastToolResults(server.requests.slice(since).find((r) => r.turnName === 't2 turn 2'));
      assert.equal(qaRun.length, 1);
      assert.equal(qaRun[0]?.isError, true);
      assert.match(qaRun[0]?.content ?? '', /Running tests is not available/);
    } finally {
      await ws.dispose();
    }
  });

  it('an approval covers only the exact command approved: another --test-cmd without --yes does not run', async () => {
    const home = await freshHome();
    const approved = `node -e "${MARK}; process.stdout.write('ok')"`;
    const other = `node -e "${MARK}"`;
    // One workspace for the three runs (nothing is applied to it): approvals are per workspace root.
    const ws = await makeTempWorkspace(SHOP_FILES);
    const runWith = (args: string[]) => {
      server.setScript({ turns: [planTurn(SHOP_PLAN), ...backendTurns({ buggy: false }), ...qaTurns({ 'test/discount.test.js': DISCOUNT_TEST })] });
      return runSquadCli(['run', 'Add discounts', '--workspace', ws.root, '--json', ...args], cliEnv(server, home), ws.root);
    };
    try {
      const first = await runWith(['--yes', '--test-cmd', approved]);
      assert.equal(first.code, 0, first.stderr);
      assert.equal(await ran(first.stderr), true, 'an approved command runs');

      const second = await runWith(['--test-cmd', other]);
      assert.equal(await ran(second.stderr), false, 'an unapproved command ran');
      assert.match(second.stderr, /The test command `node -e .*` \(the test command set in the settings\) is not approved for this workspace/);
      assert.equal(parseRunJson(second.stdout).tests?.command, undefined);

      const third = await runWith(['--test-cmd', approved]);
      assert.equal(parseRunJson(third.stdout).tests?.command, approved);
      assert.equal(await ran(third.stderr), true, 'the approval is remembered for that command');
    } finally {
      await ws.dispose();
    }
  });
});
