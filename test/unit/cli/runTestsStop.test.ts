/**
 * A fix round that meets an error no retry can fix (the provider refuses the key or the model)
 * stops the test loop at once: the loop settles with the reason, the run fails with the error's
 * code, and no later round asks again.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planTurn } from '../../support/agentScripts';
import { runSquadCli } from '../../support/cliHarness';
import { cliEnv, journalOf } from '../../support/cliRuns';
import { backendTurns, DISCOUNT_TEST, qaTurns, SHOP_FILES, SHOP_PLAN } from '../../support/loopProject';
import type { Fault } from '../../support/script';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { makeTempWorkspace } from '../../support/tempWorkspace';

describe('squad run: a fix round refused by the provider stops the test loop', () => {
  let server: ScriptedServer;
  let home: string;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-tests-stop-'));
  });
  after(async () => {
    await server.close();
    await fs.rm(home, { recursive: true, force: true });
  });

  const cases: { name: string; fault: Fault; code: string; exit: number; said: RegExp }[] = [
    { name: 'a 404 (the model is gone)', fault: { kind: 'status', status: 404, message: 'The model `scripted` does not exist.' }, code: 'config/invalid', exit: 2, said: /rejected the request \(HTTP 404\): The model `scripted` does not exist\. Check the model name and the base URL\./ },
    { name: 'a 401 (the key was revoked)', fault: { kind: 'status', status: 401 }, code: 'llm/auth', exit: 1, said: /was refused: check the API key/ },
  ];
  for (const c of cases) {
    it(`${c.name}: one fix request, the loop settles with the reason, the run fails with ${c.code}`, async () => {
      server.setScript({
        turns: [
          planTurn(SHOP_PLAN),
          { name: 'fix refused', match: { contains: ['fix round', 'Your task (t1)'] }, fault: c.fault },
          ...backendTurns({ buggy: true }),
          ...qaTurns({ 'test/discount.test.js': DISCOUNT_TEST }),
        ],
      });
      const ws = await makeTempWorkspace(SHOP_FILES);
      try {
        const start = server.requests.length;
        const r = await runSquadCli(['run', 'Add discounts', '--yes', '--max-fix-rounds', '3'], cliEnv(server, home), ws.root);
        assert.equal(r.code, c.exit, r.stderr.slice(-3000));
        assert.equal(server.requests.slice(start).filter((q) => q.turnName === 'fix refused').length, 1, 'asked once, not once per round');
        const { events } = await journalOf(r.stderr);
        assert.deepEqual(events.filter((e) => e.type === 'tests.finished').map((e) => e.type === 'tests.finished' && e.round), [0], 'the tests ran once');
        const settled = events.find((e) => e.type === 'tests.settled');
        assert.equal(settled?.type === 'tests.settled' && settled.outcome, 'error');
        assert.match(settled?.type === 'tests.settled' ? settled.summary : '', new RegExp(`^Fix round 1 stopped: .*${c.said.source}`));
        const failed = events.at(-1);
        assert.equal(failed?.type, 'run.failed');
        assert.equal(failed?.type === 'run.failed' && failed.code, c.code);
        assert.match(r.stderr, new RegExp(`^squad: ${c.code}: .*${c.said.source}`, 'm'));
        assert.match(r.stderr, /^✖ t1 \[backend\] fix round 1 failed: /m);
        assert.doesNotMatch(r.stderr, /fix round 2/);
      } finally {
        await ws.dispose();
      }
    });
  }
});
