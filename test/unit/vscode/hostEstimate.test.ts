/** The extension's plan gate carries the plan's estimate (journaled), and an edit at the gate estimates the plan again. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { hostFixture } from './support/hostHarness';
import { script, TWO_TASK_PLAN, UNTESTED_FILES } from './support/hostScripts';
import { projectRun } from '../../../src/vscode/view/project';

describe('RunController: the estimate at the plan gate', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
  });
  after(() => server.close());

  it('estimates each task before the gate, shows it in the view model, and again after an edit', async () => {
    server.setScript(script(TWO_TASK_PLAN));
    const f = await hostFixture(server, UNTESTED_FILES);
    try {
      const c = f.controller;
      await c.requestFeature('Add discounts');
      const estimate = c.state?.estimate;
      assert.deepEqual(estimate?.tasks.map((t) => [t.taskId, t.source]), [['t1', 'prompt'], ['t2', 'prompt']]);
      assert.ok(estimate);
      assert.equal(estimate.total.tokens, estimate.tasks[0]!.tokens + estimate.tasks[1]!.tokens);
      const view = projectRun(c.state, false, { hunks: 0, accepted: 0, rejected: 0, undecided: 0, toApply: 0 });
      assert.match(view.estimate?.tasks.t1?.label ?? '', /^~[\d.]+k tokens/);
      assert.match(view.estimate?.tasks.t1?.source ?? '', /^from prompt sizes · /);
      assert.match(view.estimate?.total ?? '', /^~[\d.]+k tokens/);

      await c.editPlan({ kind: 'removeTask', taskId: 't2' });
      assert.deepEqual(c.state?.estimate?.tasks.map((t) => t.taskId), ['t1'], 'estimated again for the edited plan');
      assert.equal(f.events.filter((e) => e.type === 'plan.estimated').length, 2);
    } finally {
      await f.dispose();
    }
  });
});
