import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { call } from '../../../support/agentScripts';
import { loopFixture } from '../../../support/loopHarness';
import { backendTurns, DISCOUNT_TEST, fixTurns, qaTurns, SHOP_FILES, SHOP_PLAN } from '../../../support/loopProject';
import { assertGone, HANGING_TEST, waitForMarked } from '../../../support/processes';
import { hostProcessesWith, nonce } from '../../../support/sandbox';
import { type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';
import type { RunSession } from '../../../../src/core/run/session';

/** QA's tests include one that hangs; should anything be routed, both agents could answer. */
function script() {
  return {
    turns: [
      ...fixTurns('t1', [[call('finish', { summary: 'Nothing to change.' })]]),
      ...fixTurns('t2', [[call('finish', { summary: 'Nothing to change.' })]]),
      ...backendTurns({ buggy: false }),
      ...qaTurns({ 'test/discount.test.js': DISCOUNT_TEST, 'test/hang.test.js': HANGING_TEST }),
    ],
  };
}

const typesOf = (session: RunSession, ...types: string[]) => session.events.filter((e) => types.includes(e.type)).map((e) => e.type);

describe('the test loop when the test command never ends', { timeout: 120_000 }, () => {
  let server: ScriptedServer;
  let tmp: string;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-loop-pids-'));
  });
  after(async () => {
    await server.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('kills the hung run with its process tree at the timeout, records timedOut, settles "error" saying so and routes nothing', async () => {
    const marker = `squad-hang-${nonce()}`;
    server.setScript(script());
    const fx = await loopFixture({ server, files: SHOP_FILES, plan: SHOP_PLAN, command: 'node --test', env: { HANG_MARKER: marker }, timeoutMs: 3000 });
    try {
      assert.equal(await fx.execute(), 'completed');
      const since = server.requests.length;
      const seen: number[] = [];
      const watching = waitForMarked(marker, 2).then((pids) => seen.push(...pids));
      const outcome = await fx.loop();
      await watching;
      assert.equal(seen.length, 2, 'the hung test and its child were running on the host');
      assertGone(hostProcessesWith(marker));
      // Running a suite that timed out again would only wait out the timeout a second time.
      assert.equal(fx.stagings, 1, 'the timed-out suite ran once');

      const finished = fx.session.events.flatMap((e) => (e.type === 'tests.finished' ? [e] : []));
      assert.deepEqual(finished.map((e) => [e.round, e.timedOut, e.exitCode]), [[0, true, null]]);
      assert.equal(fx.session.state.tests.rounds[0]?.timedOut, true);
      assert.equal(outcome, 'error');
      assert.equal(fx.session.state.tests.settled?.outcome, 'error');
      assert.match(fx.session.state.tests.settled?.summary ?? '', /timed out/);
      assert.deepEqual(typesOf(fx.session, 'failure.routed', 'fix.started', 'fix.finished'), []);
      assert.deepEqual(server.requests.slice(since).map((r) => r.turnName), [], 'no agent was asked to fix a timeout');
    } finally {
      await fx.dispose();
    }
  });

  for (const flakyReruns of [1, 0]) {
    it(`cancelled while the tests run (flakyReruns ${flakyReruns}): the tree is killed, the loop settles "cancelled", nothing is routed`, async () => {
      const marker = `squad-hang-${nonce()}`;
      server.setScript(script());
      // A timeout far beyond the test's own: only the cancellation can end this run.
      const fx = await loopFixture({ server, files: SHOP_FILES, plan: SHOP_PLAN, command: 'node --test', env: { HANG_MARKER: marker }, timeoutMs: 10 * 60_000 });
      try {
        assert.equal(await fx.execute(), 'completed');
        const since = server.requests.length;
        const ctrl = new AbortController();
        const looping = fx.loop({ signal: ctrl.signal, flakyReruns });
        await waitForMarked(marker, 2);
        ctrl.abort(new Error('Interrupted'));
        const outcome = await looping;

        assert.equal(fx.stagings, 1);
        assertGone(hostProcessesWith(marker));
        assert.equal(outcome, 'cancelled');
        assert.equal(fx.session.state.tests.settled?.outcome, 'cancelled');
        assert.match(fx.session.state.tests.settled?.summary ?? '', /cancelled/);
        // A run cut short by the user says nothing about the change: no verdict, no fix requests.
        assert.deepEqual(typesOf(fx.session, 'tests.finished', 'failure.routed', 'fix.started'), []);
        assert.deepEqual(server.requests.slice(since).map((r) => r.turnName), []);
        assert.deepEqual(Object.values(fx.session.state.tasks).map((t) => t.status), ['proposed', 'proposed']);
      } finally {
        await fx.dispose();
      }
    });
  }
});
