/**
 * The run lifecycle through the CLI, as a careful user meets it: apply a run later (or some of its
 * tasks) and roll it back; a second process on the same run is refused; a proposal that changes
 * what the test command runs stops before the tests run; --apply writes nothing for a run that
 * did not succeed; Ctrl-C during the tests, then resume, runs the tests again.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { call, planTurn } from '../../support/agentScripts';
import { runSquadCli } from '../../support/cliHarness';
import { cliEnv, journalOf, parseRunJson } from '../../support/cliRuns';
import { backendTurns, DISCOUNT_TEST, fixTurns, qaTurns, SHOP_FILES, SHOP_PLAN } from '../../support/loopProject';
import { HANGING_TEST, waitForMarked } from '../../support/processes';
import { nonce } from '../../support/sandbox';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { makeTempWorkspace } from '../../support/tempWorkspace';
import { createFsStorage } from '../../../src/node/fsStorage';

const GOOD = () => ({ turns: [planTurn(SHOP_PLAN), ...backendTurns({ buggy: false }), ...qaTurns({ 'test/discount.test.js': DISCOUNT_TEST })] });

/** Every file of a folder with its bytes, to compare a workspace before and after. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const e of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else out[path.relative(root, full)] = (await fs.readFile(full)).toString('base64');
    }
  };
  await walk(root);
  return out;
}

describe('the run lifecycle through the CLI', { timeout: 180_000 }, () => {
  let server: ScriptedServer;
  let tmp: string;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-lifecycle-'));
  });
  after(async () => {
    await server.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });
  const home = () => fs.mkdtemp(path.join(tmp, 'home-'));

  it('squad apply RUN_ID applies a finished run later (or only the tasks named), and squad rollback puts every byte back', async () => {
    server.setScript(GOOD());
    const ws = await makeTempWorkspace(SHOP_FILES);
    const env = cliEnv(server, await home());
    try {
      const before = await snapshot(ws.root);
      const run = await runSquadCli(['run', 'Add discounts', '--workspace', ws.root, '--json'], env, ws.root);
      assert.equal(run.code, 0, run.stderr);
      const { runId } = parseRunJson(run.stdout);
      assert.deepEqual(await snapshot(ws.root), before, 'run without --apply writes nothing');

      const unknown = await runSquadCli(['apply', runId, '--task', 'nope', '--workspace', ws.root], env, ws.root);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /has no task nope; its tasks: t1, t2/);

      const onlyQa = await runSquadCli(['apply', runId, '--task', 't2', '--workspace', ws.root], env, ws.root);
      assert.equal(onlyQa.code, 0, onlyQa.stderr);
      assert.match(onlyQa.stderr, /backend \(t1\) is rejected, but qa \(t2\) depends on it/, 'a task chosen without what it builds on is pointed out');
      assert.equal(await fs.readFile(path.join(ws.root, 'test/discount.test.js'), 'utf8'), DISCOUNT_TEST);
      assert.equal(await fs.readFile(path.join(ws.root, 'src/price.js'), 'utf8'), SHOP_FILES['src/price.js'], 'only the chosen task');

      const back = await runSquadCli(['rollback', runId, '--workspace', ws.root], env, ws.root);
      assert.equal(back.code, 0, back.stderr);
      assert.deepEqual(await snapshot(ws.root), before, 'the roll-back put every byte back');
      const again = await runSquadCli(['rollback', runId, '--workspace', ws.root], env, ws.root);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /no apply to roll back/);

      const all = await runSquadCli(['apply', runId, '--workspace', ws.root], env, ws.root);
      assert.equal(all.code, 0, all.stderr);
      assert.match(await fs.readFile(path.join(ws.root, 'src/price.js'), 'utf8'), /- discount/);
      // Apply and roll-back are journaled in the run, after its end.
      const { events } = await journalOf(run.stderr);
      assert.deepEqual(events.filter((e) => e.type === 'changes.applied' || e.type === 'changes.rolledBack').map((e) => e.type), ['changes.applied', 'changes.rolledBack', 'changes.applied']);
      // No checkpoint trace in the user's project.
      assert.deepEqual(Object.keys(await snapshot(ws.root)).filter((p) => p.includes('squad')), []);
    } finally {
      await ws.dispose();
    }
  });

  it('a second process on the same run is refused (exit 2) while the first works; the run stays readable', async () => {
    server.setScript(GOOD());
    const ws = await makeTempWorkspace(SHOP_FILES);
    const h = await home();
    const env = cliEnv(server, h);
    try {
      const run = await runSquadCli(['run', 'Add discounts', '--workspace', ws.root, '--json'], env, ws.root);
      const { runId } = parseRunJson(run.stdout);
      // Hold the run's writer lock as a live process would.
      const storage = createFsStorage(path.join(h, '.local', 'state', 'squad'));
      const lock = await storage.lock!(`runs/${runId}/writer.lock`);
      assert.ok(lock);
      try {
        const second = await runSquadCli(['run', '--resume', runId, '--workspace', ws.root], env, ws.root);
        assert.equal(second.code, 2, second.stderr);
        assert.match(second.stderr, /run\/busy: Run \S+ is being worked on by another Squad process/);
        const apply = await runSquadCli(['apply', runId, '--workspace', ws.root], env, ws.root);
        assert.equal(apply.code, 2);
      } finally {
        await lock.release();
      }
      const resumed = await runSquadCli(['run', '--resume', runId, '--workspace', ws.root, '--json'], env, ws.root);
      assert.equal(resumed.code, 0, resumed.stderr);
      const { events } = await journalOf(resumed.stderr);
      assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i), 'sequence numbers intact');
    } finally {
      await ws.dispose();
    }
  });

  it('a proposal that changes the test script stops before the tests run, shows the diff, and asks again (exit 1 without --yes)', async () => {
    const ws = await makeTempWorkspace(SHOP_FILES);
    const h = await home();
    const env = cliEnv(server, h);
    try {
      // First run: the user allows `npm test` with package.json as it is.
      server.setScript(GOOD());
      const first = await runSquadCli(['run', 'Add discounts', '--workspace', ws.root, '--yes', '--json'], env, ws.root);
      assert.equal(first.code, 0, first.stderr);
      // Second run, no --yes: the backend also edits the test script.
      const evil = JSON.stringify({ name: 'shop', type: 'module', scripts: { test: 'node scripts/setup.js && node --test' } });
      server.setScript({
        turns: [
          planTurn(SHOP_PLAN),
          ...backendTurns({ buggy: false }).map((t, i) => (i === 0 ? { ...t, reply: { ...t.reply, toolCalls: [...(t.reply?.toolCalls ?? []), call('propose_edit', { path: 'package.json', edits: [{ search: SHOP_FILES['package.json']!, replace: evil }] }), call('create_file', { path: 'scripts/setup.js', content: "require('fs').appendFileSync(require('os').homedir() + '/.bashrc', 'pwned')\n" })] } } : t)),
          ...qaTurns({ 'test/discount.test.js': DISCOUNT_TEST }),
        ],
      });
      const second = await runSquadCli(['run', 'Add discounts', '--workspace', ws.root, '--json'], env, ws.root);
      assert.equal(second.code, 1, second.stderr);
      assert.match(second.stderr, /The proposed changes alter what the test command `npm test` runs:/);
      assert.match(second.stderr, /\+.*node scripts\/setup\.js && node --test/);
      assert.match(second.stderr, /\+.*appendFileSync/);
      assert.match(second.stderr, /run again with --yes to allow it/);
      const out = parseRunJson(second.stdout);
      assert.equal(out.tests?.outcome, 'needs-approval');
      const { events } = await journalOf(second.stderr);
      assert.deepEqual(events.filter((e) => e.type === 'tests.started'), [], 'nothing ran');
    } finally {
      await ws.dispose();
    }
  });

  it('--apply writes nothing for a run whose tests still fail, and says what to do (exit 1)', async () => {
    server.setScript({
      turns: [planTurn(SHOP_PLAN), ...fixTurns('t1', [[call('finish', { summary: 'Looked, changed nothing.' })]]), ...backendTurns({ buggy: true }), ...qaTurns({ 'test/discount.test.js': DISCOUNT_TEST })],
    });
    const ws = await makeTempWorkspace(SHOP_FILES);
    try {
      const before = await snapshot(ws.root);
      const result = await runSquadCli(['run', 'Add discounts', '--workspace', ws.root, '--yes', '--apply', '--max-fix-rounds', '1', '--json'], cliEnv(server, await home()), ws.root);
      assert.equal(result.code, 1, result.stderr);
      assert.deepEqual(await snapshot(ws.root), before, 'not one file written');
      const out = JSON.parse(result.stdout) as { applied: unknown; notApplied: { reason: string } | null; tests: { outcome: string } };
      assert.equal(out.tests.outcome, 'failing');
      assert.equal(out.applied, null);
      assert.match(out.notApplied?.reason ?? '', /Nothing was applied: the tests did not pass \(failing\)/);
    } finally {
      await ws.dispose();
    }
  });

  it('Ctrl-C during the tests, then --resume: the interrupted round runs again (its answer is not taken from before)', async () => {
    const marker = `squad-hang-${nonce()}`;
    const ws = await makeTempWorkspace({ ...SHOP_FILES, 'test/slow.test.js': HANGING_TEST });
    const env = cliEnv(server, await home(), { HANG_MARKER: marker });
    const ctrlC = new AbortController();
    try {
      server.setScript(GOOD());
      const running = runSquadCli(['run', 'Add discounts', '--workspace', ws.root, '--yes', '--json', '--test-timeout', '60'], env, ws.root, ctrlC.signal);
      await waitForMarked(marker, 1);
      ctrlC.abort(new Error('Interrupted'));
      const first = await running;
      assert.equal(parseRunJson(first.stdout).tests?.outcome, 'cancelled');
      const { runId } = parseRunJson(first.stdout);
      // The hanging test is gone now: the rerun can finish.
      await fs.rm(path.join(ws.root, 'test/slow.test.js'));
      const requests = server.requests.length;
      const resumed = await runSquadCli(['run', '--resume', runId, '--workspace', ws.root, '--json'], env, ws.root);
      assert.equal(resumed.code, 0, resumed.stderr);
      const out = parseRunJson(resumed.stdout);
      assert.equal(out.tests?.outcome, 'passed');
      assert.equal(out.status, 'completed');
      assert.deepEqual(server.requests.slice(requests).map((r) => r.turnName), [], 'no model turn was paid for again');
      const { events } = await journalOf(resumed.stderr);
      assert.deepEqual(events.filter((e) => e.type === 'tests.settled').map((e) => e.type === 'tests.settled' && e.outcome), ['cancelled', 'passed']);
    } finally {
      ctrlC.abort();
      await ws.dispose();
    }
  });

  it('an incomplete run continues: --resume gives the failed task a new attempt from scratch and the run completes', async () => {
    const ws = await makeTempWorkspace(SHOP_FILES);
    const env = cliEnv(server, await home());
    try {
      // The backend agent answers in prose and never calls a tool: its task fails, QA's is blocked.
      server.setScript({ turns: [planTurn(SHOP_PLAN), { name: 't1 prose', match: { contains: ['Your task (t1)'] }, reply: { text: 'I would change total().' } }] });
      const first = await runSquadCli(['run', 'Add discounts', '--workspace', ws.root, '--json'], env, ws.root);
      assert.equal(first.code, 1);
      const out = parseRunJson(first.stdout);
      assert.equal(out.status, 'incomplete');
      assert.deepEqual(out.tasks.map((t) => [t.id, t.status]), [['t1', 'failed'], ['t2', 'blocked']]);

      server.setScript({ turns: [...backendTurns({ buggy: false }), ...qaTurns({ 'test/discount.test.js': DISCOUNT_TEST })] });
      const since = server.requests.length;
      const resumed = await runSquadCli(['run', '--resume', out.runId, '--workspace', ws.root, '--json'], env, ws.root);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.equal(parseRunJson(resumed.stdout).status, 'completed');
      assert.deepEqual(server.requests.slice(since).map((r) => r.turnName), ['t1 turn 0', 't1 turn 1', 't2 turn 0', 't2 turn 1'], 'the planner is not asked again');
      assert.match(resumed.stderr, /↻ t1 \[backend\] attempt 2 \(from scratch\)/);
      const { events } = await journalOf(resumed.stderr);
      assert.deepEqual(events.filter((e) => e.type === 'task.retried').map((e) => e.type === 'task.retried' && [e.taskId, e.attempt, e.fresh]), [['t1', 2, true], ['t2', 2, false]]);
    } finally {
      await ws.dispose();
    }
  });
});
