import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { call } from '../../support/agentScripts';
import { runSquadCli } from '../../support/cliHarness';
import { cliEnv, parseRunJson } from '../../support/cliRuns';
import { loopFixture } from '../../support/loopHarness';
import { backendTurns, DISCOUNT_TEST, FIX_DISCOUNT, fixTurns, qaTurns, SHOP_FILES, SHOP_PLAN } from '../../support/loopProject';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { crashingStorage, turnCounts } from '../../support/squadHarness';
import { proposalsOf } from '../../support/journalTexts';
import type { RunEvent } from '../../../src/core/run/events';

function script() {
  return {
    turns: [
      ...fixTurns('t1', [[FIX_DISCOUNT], [call('finish', { summary: 'Subtract the discount.' })]]),
      ...backendTurns({ buggy: true }),
      ...qaTurns({ 'test/discount.test.js': DISCOUNT_TEST }),
    ],
  };
}

/** The process dies right after backend's first fix reply is journaled, before its edit ran. */
const FIRST_FIX_TURN = (e: RunEvent) => e.type === 'model.turn' && e.taskId === 't1' && e.round === 1 && e.turn === 0;

describe('squad run --resume in the middle of a fix round', () => {
  let server: ScriptedServer;
  let home: string;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-tests-resume-'));
  });
  after(async () => {
    await server.close();
    await fs.rm(home, { recursive: true, force: true });
  });

  it('does not ask for the recorded fix turn again, finishes the fix, and the tests pass', async () => {
    server.setScript(script());
    let crashed: Promise<void> = Promise.resolve();
    const fx = await loopFixture({
      server,
      files: SHOP_FILES,
      plan: SHOP_PLAN,
      command: 'node --test',
      storage: (inner) => {
        const storage = crashingStorage(inner, FIRST_FIX_TURN);
        crashed = storage.crashed;
        return storage;
      },
    });
    const dead = new AbortController();
    try {
      assert.equal(await fx.execute(), 'completed');
      // Never settles: the "process" dies with the journal's appends hanging.
      void fx.loop({ signal: dead.signal });
      await crashed;
      dead.abort();
      const journaled = (await fs.readFile(fx.journalFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as RunEvent);
      assert.deepEqual(journaled.slice(-3).map((e) => e.type), ['fix.started', 'model.usage', 'model.turn']);
      assert.equal(journaled.some((e) => e.type === 'fix.finished'), false);

      server.setScript(script());
      const since = server.requests.length;
      const argv = ['run', '--resume', fx.session.runId, '--journal', fx.journalDir, '--workspace', fx.root, '--yes', '--test-cmd', 'node --test', '--json'];
      const result = await runSquadCli(argv, cliEnv(server, home), fx.root);

      // Only the fix turn that was never answered is paid for.
      assert.deepEqual(turnCounts(server, since), { 't1 fix 1.1': 1 });
      const out = parseRunJson(result.stdout);
      assert.equal(out.tests?.outcome, 'passed', result.stderr);
      assert.deepEqual(out.tests?.rounds.map((r) => [r.round, r.failed, r.passed, Object.keys(r.routed)]), [[0, 1, 1, ['t1']], [1, 0, 2, []]]);
      assert.deepEqual(out.tasks.map((t) => [t.id, t.status, t.history.map((h) => `${h.round}:${h.outcome}`)]), [
        ['t1', 'proposed', ['0:proposed', '1:revised']],
        ['t2', 'proposed', ['0:proposed']],
      ]);
      assert.equal(out.status, 'completed');
      assert.equal(result.code, 0, result.stderr);
      // The replayed reply's edit was applied once, onto the proposal the round started from.
      const after = (await fs.readFile(fx.journalFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as RunEvent);
      const t1Changes = proposalsOf(after, 't1').at(-1);
      assert.match(t1Changes?.[0]?.content ?? '', /\+ i\.price, 0\) - discount;/);
      assert.equal(after.filter((e) => e.type === 'fix.started').length, 1);
    } finally {
      dead.abort();
      await fx.dispose();
    }
  });
});
