/**
 * Every model fault in a fix round: the QA agent's test catches backend's bug, the loop sends it
 * back, and backend's fix round meets the fault on its first call or after one recorded turn.
 * The run (tests approved, one fix round) applies nothing and says so; resumed once the fault is
 * gone, the fix round runs again from where it stopped — its recorded turns replayed, not paid
 * again — the tests pass and everything is applied.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { caseName, FIX_SITES, modelFaultCases, runModelFaultCase } from '../../../support/faultCases';
import { useFaultSuite } from '../../../support/faultRuns';

describe('model faults in a fix round, then resume', () => {
  const context = useFaultSuite('tests');

  for (const c of modelFaultCases(FIX_SITES)) {
    it(caseName(c), async () => {
      const outcome = await runModelFaultCase(context(), c);
      const why = outcome.problems.join('\n');
      assert.equal(outcome.faulted.workspace, 'untouched', why);
      assert.notEqual(outcome.faulted.exitCode, 0, why);
      // The fault hit the fix round: every task had proposed.
      assert.ok(outcome.faulted.events.some((e) => e.type === 'fix.started' && e.taskId === 't2'), why);
      assert.equal(outcome.resumed.workspace, 'applied', why);
      const settled = outcome.resumed.events.findLast((e) => e.type === 'tests.settled');
      assert.equal(settled?.type === 'tests.settled' ? settled.outcome : undefined, 'passed', why);
      assert.ok(outcome.resumed.events.some((e) => e.type === 'fix.retried' && e.taskId === 't2' && e.round === 1), why);
      assert.deepEqual(outcome.rebilled, [], why);
      assert.deepEqual(outcome.problems, []);
    });
  }
});
