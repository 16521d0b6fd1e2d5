import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { eventTypes, hostFixture, noticeText } from './support/hostHarness';
import { script, TWO_TASK_PLAN, UNTESTED_FILES } from './support/hostScripts';

describe('RunController: the plan gate (review-plan-and-changes)', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
  });
  after(() => server.close());

  it('stops at the gate with the plan, then runs the squad once the plan is approved', async () => {
    server.setScript(script(TWO_TASK_PLAN));
    const f = await hostFixture(server, UNTESTED_FILES);
    try {
      const c = f.controller;
      await c.requestFeature('Add discounts');
      assert.equal(c.busy, false);
      assert.equal(c.phase, 'awaiting-approval');
      assert.deepEqual(c.state?.plan?.tasks.map((t) => t.id), ['t1', 't2']);
      assert.ok(!eventTypes(f.events).includes('task.started'), 'no agent starts before the approval');
      // The gate is told by planGateNotice.ts, a notification it takes back once the plan moves on (e2e:
      // test/e2e/layout.e2e.ts); a plain notice from here could not be taken back, so there is none.
      assert.ok(!f.notices.some((n) => n.actions?.some((a) => a.command === 'squad.approvePlan')), noticeText(f));

      await c.approvePlan();
      assert.equal(c.state?.status, 'completed');
      assert.deepEqual(Object.values(c.state?.tasks ?? {}).map((t) => t.status), ['proposed', 'proposed']);
      const approved = f.events.find((e) => e.type === 'plan.approved');
      assert.equal(approved?.type === 'plan.approved' && approved.by, 'user');
      // No test command in this workspace: said in the log, nobody was asked.
      assert.ok(f.lines.some((l) => l.includes('tests will not run: no test command')), f.lines.join('\n'));
      assert.equal(f.asked.length, 0);
      assert.ok(f.lines.some((l) => l.startsWith('✔ t1 [backend] proposed')), 'one log line per agent step');
      assert.ok(f.lines.includes('  t1 [backend] edited src/price.js (+2 −2)'), f.lines.join('\n'));
    } finally {
      await f.dispose();
    }
  });

  it('applies plan edits only before the approval, and refuses an edit that makes a cycle', async () => {
    server.setScript(script(TWO_TASK_PLAN));
    const f = await hostFixture(server, UNTESTED_FILES);
    try {
      const c = f.controller;
      await c.requestFeature('Add discounts');
      await c.editPlan({ kind: 'updateTask', taskId: 't2', title: 'Test the discount rules' });
      assert.equal(c.state?.plan?.tasks[1]?.title, 'Test the discount rules');
      const edited = f.events.filter((e) => e.type === 'plan.edited');
      assert.equal(edited.length, 1);

      await c.editPlan({ kind: 'setDependencies', taskId: 't1', dependsOn: ['t2'] });
      assert.equal(f.events.filter((e) => e.type === 'plan.edited').length, 1, 'a cycle changes nothing');
      assert.match(noticeText(f), /plan edit was refused.*cycle/is);

      await c.editPlan({ kind: 'removeTask', taskId: 't2' });
      assert.deepEqual(c.state?.plan?.tasks.map((t) => t.id), ['t1']);
      await c.approvePlan();
      assert.equal(c.state?.status, 'completed');
      assert.deepEqual(Object.keys(c.state?.tasks ?? {}), ['t1']);

      const before = f.events.length;
      await c.editPlan({ kind: 'updateTask', taskId: 't1', title: 'Too late' });
      assert.equal(f.events.length, before, 'no edit after the approval');
      assert.match(f.notices.at(-1)?.message ?? '', /no plan to edit: the plan was approved already/);
    } finally {
      await f.dispose();
    }
  });

  it('cancels a plan waiting at the gate; Approve Plan still opens it afterwards', async () => {
    server.setScript(script());
    const f = await hostFixture(server, UNTESTED_FILES);
    try {
      const c = f.controller;
      await c.requestFeature('Add discounts');
      c.cancel();
      await waitFor(() => c.state?.status === 'cancelled');
      assert.equal(c.phase, 'awaiting-approval', 'the plan was never approved');
      await c.approvePlan();
      assert.equal(c.state?.status, 'completed');
    } finally {
      await f.dispose();
    }
  });

  it('two quick approvals run the plan once', async () => {
    server.setScript(script());
    const f = await hostFixture(server, UNTESTED_FILES);
    try {
      await f.controller.requestFeature('Add discounts');
      await Promise.all([f.controller.approvePlan(), f.controller.approvePlan()]);
      assert.equal(f.events.filter((e) => e.type === 'plan.approved').length, 1);
      assert.equal(f.events.filter((e) => e.type === 'task.started').length, 1);
      assert.match(noticeText(f), /already working.*squad\.cancelRun/);
      assert.equal(f.controller.state?.status, 'completed');
    } finally {
      await f.dispose();
    }
  });

  it('review-changes runs the plan at once', async () => {
    server.setScript(script());
    const f = await hostFixture(server, UNTESTED_FILES, { autonomy: 'review-changes' });
    try {
      await f.controller.requestFeature('Add discounts');
      assert.equal(f.controller.state?.status, 'completed');
      const approved = f.events.find((e) => e.type === 'plan.approved');
      assert.equal(approved?.type === 'plan.approved' && approved.by, 'auto');
      assert.equal(f.applied, 0, 'review-changes never applies on its own');
    } finally {
      await f.dispose();
    }
  });

  it('says what is wrong when there is nothing to approve, cancel or edit', async () => {
    server.setScript(script());
    const f = await hostFixture(server, UNTESTED_FILES);
    try {
      const c = f.controller;
      await c.approvePlan();
      c.cancel();
      await c.editPlan({ kind: 'removeTask', taskId: 't1' });
      await c.decide({ kind: 'run' }, 'accepted');
      await c.requestFeature('   ');
      assert.equal(f.events.length, 0);
      const text = noticeText(f);
      assert.match(text, /There is no Squad run yet.*squad\.requestFeature/);
      assert.match(text, /No Squad run is working now/);
      assert.match(text, /Describe the feature/);
      assert.ok(f.notices.every((n) => n.severity !== 'error'), 'no run is not an error');
    } finally {
      await f.dispose();
    }
  });
});

/** Journal writes are real file I/O: on a loaded machine they take many loop turns, so wait by time. */
async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition() && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
  assert.ok(condition(), 'condition never held');
}
