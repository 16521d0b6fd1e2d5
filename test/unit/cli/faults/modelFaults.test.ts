/**
 * Every model fault (429, 500, 400, 401, a timeout, malformed tool calls, a reply cut mid-way) on
 * the planner's call and on each task's first call and a call in its middle, through `squad run
 * … --apply --json` in-process against the scripted model server. For each: the run leaves the
 * workspace untouched, its journal closed and intact, one complete JSON object with every task and
 * a non-zero exit; resumed once the fault is gone, it applies everything and pays for no turn it
 * had already received (requests counted per scripted turn). test/support/faultCases.ts has the checks.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { caseName, modelFaultCases, runModelFaultCase, TASK_SITES } from '../../../support/faultCases';
import { useFaultSuite } from '../../../support/faultRuns';

describe('model faults on the planner and on each task, then resume', () => {
  const context = useFaultSuite('plain');

  for (const c of modelFaultCases(TASK_SITES)) {
    it(caseName(c), async () => {
      const outcome = await runModelFaultCase(context(), c);
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
