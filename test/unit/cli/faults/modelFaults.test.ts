/**
 * Every model fault (429, 500, 400, 401, a timeout, malformed tool calls, a reply cut mid-way) on
 * the planner's call and on each task's first call and a call in its middle, through `squad run
 * … --apply --json` in-process against the scripted model server. For each: the run leaves the
 * workspace untouched, its journal closed and intact, one complete JSON object with every task and
 * a non-zero exit; resumed once the fault is gone, it applies everything and pays for no turn it
 * had already received (requests counted per scripted turn). test/support/faultCases.ts has the checks.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { caseName, modelFaultCases, runModelFaultCase, TASK_SITES } from '../../../support/faultCases';
import { faultFreeScript } from '../../../support/faultProject';
import { appliedTree, type CliContext } from '../../../support/faultRuns';
import { type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';

describe('model faults on the planner and on each task, then resume', () => {
  let server: ScriptedServer;
  let home: string;
  let ctx: CliContext;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-faults-home-'));
    ctx = { server, home, mode: 'plain', applied: await appliedTree(server, home, 'plain', faultFreeScript()) };
  });
  after(async () => {
    await server.close();
    await fs.rm(home, { recursive: true, force: true });
  });

  for (const c of modelFaultCases(TASK_SITES)) {
    it(caseName(c), async () => {
      const outcome = await runModelFaultCase(ctx, c);
      const why = outcome.problems.join('\n');
      assert.equal(outcome.faulted.workspace, 'untouched', why);
      assert.notEqual(outcome.faulted.exitCode, 0, why);
      assert.equal(outcome.resumed.workspace, 'applied', why);
      assert.equal(outcome.resumed.status, 'completed', why);
      assert.deepEqual(outcome.rebilled, [], why);
      assert.deepEqual(outcome.problems, []);
    });
  }
});
