import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runSquadCli } from '../../support/cliHarness';
import { cliEnv, journalOf, parseRunJson } from '../../support/cliRuns';
import { backendTurns, DISCOUNT_TEST, qaTurns, SHOP_FILES, SHOP_PLAN } from '../../support/loopProject';
import { assertGone, HANGING_TEST, waitForMarked } from '../../support/processes';
import { hostProcessesWith, nonce } from '../../support/sandbox';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { planTurn } from '../../support/agentScripts';
import { makeTempWorkspace } from '../../support/tempWorkspace';

/** The project already has a test that hangs; the squad's own change is fine. */
const FILES = { ...SHOP_FILES, 'test/slow.test.js': HANGING_TEST };

function script() {
  return { turns: [planTurn(SHOP_PLAN), ...backendTurns({ buggy: false }), ...qaTurns({ 'test/discount.test.js': DISCOUNT_TEST })] };
}

const FINAL = new Set(['proposed', 'failed', 'blocked', 'cancelled']);

describe('squad run when the tests hang', { timeout: 120_000 }, () => {
  let server: ScriptedServer;
  let home: string;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-tests-hang-'));
  });
  after(async () => {
    await server.close();
    await fs.rm(home, { recursive: true, force: true });
  });

  it('--test-timeout 3: the run and its process tree are killed, the round says timed out, nothing is routed, exit 1', async () => {
    const marker = `squad-hang-${nonce()}`;
    server.setScript(script());
    const ws = await makeTempWorkspace(FILES);
    try {
      const since = server.requests.length;
      const seen: number[] = [];
      const watching = waitForMarked(marker, 2).then((pids) => seen.push(...pids));
      const result = await runSquadCli(['run', 'Add discounts', '--workspace', ws.root, '--yes', '--test-timeout', '3', '--json'], cliEnv(server, home, { HANG_MARKER: marker }), ws.root);
      await watching;
      assert.equal(seen.length, 2, 'the hung test and its child ran on the host');
      assertGone(hostProcessesWith(marker));
      const { events: ran } = await journalOf(result.stderr);
      assert.equal(ran.filter((e) => e.type === 'tests.started').length, 1, 'the suite ran once');

      assert.equal(result.code, 1, result.stderr);
      const out = parseRunJson(result.stdout);
      assert.equal(out.tests?.outcome, 'error');
      assert.match(out.tests?.summary ?? '', /timed out after 3 s/);
      assert.deepEqual(out.tests?.rounds.map((r) => [r.round, r.timedOut, r.exitCode, r.routed]), [[0, true, null, {}]]);
      assert.match(result.stderr, /tests round 0: .*\(timed out\)/);
      assert.match(result.stderr, /tests error: The test command timed out after 3 s/);
      const { events } = await journalOf(result.stderr);
      assert.deepEqual(events.filter((e) => e.type === 'failure.routed' || e.type === 'fix.started'), []);
      assert.deepEqual(server.requests.slice(since).map((r) => r.turnName), ['planner', 't1 turn 0', 't1 turn 1', 't2 turn 0', 't2 turn 1']);
    } finally {
      await ws.dispose();
    }
  });

  it('Ctrl-C while the tests run: the process tree is killed, the loop and the run end "cancelled", every task is final', async () => {
    const marker = `squad-hang-${nonce()}`;
    server.setScript(script());
    const ws = await makeTempWorkspace(FILES);
    const ctrlC = new AbortController();
    try {
      // The default timeout is ten minutes: only the cancellation can end this run in time.
      const running = runSquadCli(['run', 'Add discounts', '--workspace', ws.root, '--yes', '--json'], cliEnv(server, home, { HANG_MARKER: marker }), ws.root, ctrlC.signal);
      await waitForMarked(marker, 2);
      ctrlC.abort(new Error('Interrupted'));
      const result = await running;
      assertGone(hostProcessesWith(marker));

      assert.equal(result.code, 1, result.stderr);
      const out = parseRunJson(result.stdout);
      assert.equal(out.status, 'cancelled');
      assert.equal(out.tests?.outcome, 'cancelled');
      const notFinal = out.tasks.filter((t) => !FINAL.has(t.status)).map((t) => `${t.id}:${t.status}`);
      assert.deepEqual(notFinal, []);
      const { events } = await journalOf(result.stderr);
      assert.deepEqual(events.filter((e) => ['tests.finished', 'failure.routed', 'fix.started'].includes(e.type)), []);
      assert.deepEqual(events.flatMap((e) => (e.type === 'run.finished' ? [e.outcome] : [])), ['cancelled']);
    } finally {
      ctrlC.abort();
      await ws.dispose();
    }
  });
});
