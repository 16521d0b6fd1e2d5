/**
 * The extension host's "Test the selection" (RunController.testSelection, the driver's entry
 * point) with the real sandboxed runner: the approved command on exactly what is accepted, no
 * new question for it, never in an untrusted workspace, nothing to test when nothing is accepted.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { SELECTION_FILES, selectionScript } from '../../support/selectionProject';
import { eventTypes, hostFixture } from './support/hostHarness';

describe('RunController: testing the accepted selection', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
  });
  after(() => server.close());

  it('runs the approved command on the accepted selection only: the frontend task rejected, QA\'s test fails', async () => {
    server.setScript(selectionScript());
    const f = await hostFixture(server, SELECTION_FILES, { autonomy: 'review-changes' });
    try {
      await f.controller.requestFeature('Show a price label');
      assert.equal(f.controller.state?.tests.settled?.summary, 'All 3 tests pass.');
      assert.deepEqual(await f.controller.testSelection(), { kind: 'not-run', reason: 'Nothing is accepted: there is no selection to test.' });

      await f.controller.decide({ kind: 'run' }, 'accepted');
      await f.controller.decide({ kind: 'task', taskId: 't2' }, 'rejected');
      const outcome = await f.controller.testSelection();
      assert.equal(outcome.kind, 'ran');
      assert.ok(outcome.kind === 'ran');
      assert.equal(outcome.passed, false);
      assert.deepEqual([outcome.run.passed, outcome.run.failed, outcome.run.files], [1, 1, 2]);
      assert.deepEqual(outcome.run.failures.map((f) => f.test), ['test/label.test.js']);
      assert.equal(f.asked.length, 1, 'the command approved for the run\'s tests runs without a new question');
      assert.equal(f.controller.busy, false, 'testing the selection is not the run working');
      assert.equal(f.controller.state?.status, 'completed');

      // Everything accepted again: the tests pass on it.
      await f.controller.decide({ kind: 'task', taskId: 't2' }, 'accepted');
      const all = await f.controller.testSelection();
      assert.ok(all.kind === 'ran' && all.passed, JSON.stringify(all));
      assert.equal(eventTypes(f.events).filter((t) => t === 'tests.selectionRun').length, 2);
    } finally {
      await f.dispose();
    }
  });

  it('never runs a command in an untrusted workspace', async () => {
    server.setScript(selectionScript());
    const f = await hostFixture(server, SELECTION_FILES, { autonomy: 'review-changes' });
    try {
      await f.controller.requestFeature('Show a price label');
      await f.controller.decide({ kind: 'run' }, 'accepted');
      await f.controller.decide({ kind: 'task', taskId: 't2' }, 'rejected');
      f.trusted = false;
      const outcome = await f.controller.testSelection();
      assert.equal(outcome.kind, 'not-run');
      assert.match(outcome.kind === 'not-run' ? outcome.reason : '', /the workspace is not trusted/);
      assert.ok(!eventTypes(f.events).includes('tests.selectionRun'));
    } finally {
      await f.dispose();
    }
  });
});
