import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validatePlan } from '../../../src/core/plan/validate';
import { RunSession } from '../../../src/core/run/session';
import { createFsStorage } from '../../../src/node/fsStorage';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { eventTypes, hostFixture, noticeText } from './support/hostHarness';
import { ONE_TASK_PLAN, script, UNTESTED_FILES } from './support/hostScripts';

const ROLES = ['database', 'backend', 'frontend', 'qa'];

describe('RunController: persistence, resume and cancel', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
  });
  after(() => server.close());

  it('after a reload the last run comes back exactly as it was, without calling the model', async () => {
    server.setScript(script());
    const f = await hostFixture(server, UNTESTED_FILES, { autonomy: 'review-changes' });
    try {
      await f.controller.requestFeature('Add discounts');
      await f.controller.decide({ kind: 'task', taskId: 't1' }, 'accepted');
      await f.controller.recordApplied({ checkpointId: 'cp1', files: [{ path: 'src/price.js', action: 'modified', merged: false }], hunks: [] });
      await f.controller.recordRolledBack('cp1', ['src/price.js']);
      const before = f.controller.state;
      const requests = server.requests.length;

      const reloaded = f.reload();
      const unread = reloaded.state;
      assert.equal(unread, undefined, 'nothing is read until the host is needed');
      await reloaded.restore();
      assert.deepEqual(reloaded.state, before);
      assert.equal(reloaded.state?.review.applies[0]?.rolledBack, true);
      assert.equal(reloaded.phase, 'finished');
      assert.equal(server.requests.length, requests, 'restoring pays for nothing');
    } finally {
      await f.dispose();
    }
  });

  it('an interrupted run is announced after the reload and Resume Run continues it, replaying the recorded turn', async () => {
    server.setScript(script());
    const f = await hostFixture(server, UNTESTED_FILES, { autonomy: 'review-changes' });
    try {
      // The journal as a window that closed mid-task leaves it: t1 running, its first turn recorded.
      const session = await RunSession.start({ storage: createFsStorage(f.storageDir), request: 'Add discounts', workspaceName: 'ws', roles: ROLES });
      await session.emit({ type: 'plan.proposed', plan: validatePlan(ONE_TASK_PLAN, { roles: ROLES, maxTasks: 30 }), attempt: 1 });
      await session.emit({ type: 'plan.approved', by: 'auto' });
      await session.emit({ type: 'task.started', taskId: 't1', role: 'backend', model: 'scripted' });
      const firstTurn = script().turns[1]?.reply?.toolCalls?.[0];
      await session.emit({
        type: 'model.turn',
        taskId: 't1',
        round: 0,
        turn: 0,
        reply: { text: '', toolCalls: [{ id: 'c1', name: 'propose_edit', rawArguments: JSON.stringify(firstTurn?.arguments) }], usage: { input: 800, output: 60, cacheRead: 0, cacheWrite: 0 }, model: 'scripted', stopReason: 'tool_calls' },
      });
      session.dispose();

      const c = f.controller;
      await c.restore();
      assert.equal(c.phase, 'interrupted');
      assert.ok(f.notices.some((n) => n.actions?.some((a) => a.command === 'squad.resumeRun')), noticeText(f));
      const requests = server.requests.length;

      await c.resume();
      assert.equal(c.state?.status, 'completed');
      assert.equal(c.state?.tasks['t1']?.status, 'proposed');
      assert.equal(server.requests.length - requests, 1, 'only the turn that was never recorded is asked for');
    } finally {
      await f.dispose();
    }
  });

  it('Cancel stops the agents and leaves a cancelled run that Resume Run completes', async () => {
    server.setScript(script());
    const f = await hostFixture(server, UNTESTED_FILES, { autonomy: 'review-changes' });
    try {
      const c = f.controller;
      c.onDidEvent(({ event }) => {
        if (event.type === 'task.started') c.cancel();
      });
      await c.requestFeature('Add discounts');
      assert.equal(c.busy, false);
      assert.equal(c.state?.status, 'cancelled');
      assert.equal(c.state?.tasks['t1']?.status, 'cancelled');
      assert.equal(c.phase, 'cancelled');

      const resumed = f.reload();
      await resumed.resume();
      assert.equal(resumed.state?.status, 'completed');
      assert.equal(resumed.state?.tasks['t1']?.status, 'proposed');
    } finally {
      await f.dispose();
    }
  });

  it('Cancel during planning leaves a cancelled run without a plan; resuming plans again', async () => {
    server.setScript(script());
    const f = await hostFixture(server, UNTESTED_FILES);
    try {
      const c = f.controller;
      const subscription = c.onDidEvent(({ event }) => {
        if (event.type === 'plan.requested') c.cancel();
      });
      await c.requestFeature('Add discounts');
      subscription.dispose();
      assert.equal(c.state?.status, 'cancelled');
      assert.equal(c.state?.plan, undefined);
      assert.deepEqual(eventTypes(f.events).slice(-2), ['plan.requested', 'run.finished']);

      await c.resume();
      assert.equal(c.phase, 'awaiting-approval', 'planned again, and waits at the gate');
    } finally {
      await f.dispose();
    }
  });

  it('lists the runs newest first, and resuming a finished run only opens it', async () => {
    server.setScript(script());
    const f = await hostFixture(server, UNTESTED_FILES, { autonomy: 'review-changes' });
    try {
      const c = f.controller;
      await c.requestFeature('First request');
      const first = c.state?.runId;
      f.settings['autonomy'] = 'review-plan-and-changes';
      await c.requestFeature('Second request');
      const runs = await c.listRuns();
      assert.deepEqual(runs.map((r) => [r.request, r.phase]), [['Second request', 'awaiting-approval'], ['First request', 'finished']]);
      assert.match(runs[1]?.description ?? '', /^completed · 1\/1 tasks proposed · .* tokens · cost unknown$/);

      const requests = server.requests.length;
      await c.resume(first);
      assert.equal(c.state?.runId, first);
      assert.equal(server.requests.length, requests);
      assert.ok(f.notices.at(-1)?.actions?.some((a) => a.command === 'squad.reviewChanges'), noticeText(f));
    } finally {
      await f.dispose();
    }
  });
});
