/**
 * Gate edits from the sidebar, through the real dispatcher and the real host (journal, scripted
 * planner): removing a task names the tasks whose dependencies it cuts and offers an Undo that is
 * journaled as a plan edit; a Save is one edit, kept whole or refused whole with the cycle named.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseFromWebview, parseToWebview, type ToWebviewInput } from '../../../src/protocol/messages';
import { dispatch, type DispatchDeps } from '../../../src/vscode/view/dispatch';
import type { RunController } from '../../../src/vscode/host/controller';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { hostFixture } from './support/hostHarness';
import { script, UNTESTED_FILES } from './support/hostScripts';

const THREE_TASK_PLAN = {
  summary: 'Discounts',
  tasks: [
    { id: 't1', role: 'backend', title: 'Apply a discount', description: 'total(items, discount) subtracts a discount.', dependsOn: [] },
    { id: 't2', role: 'frontend', title: 'Show the discount', description: 'The cart shows it.', dependsOn: ['t1'] },
    { id: 't3', role: 'qa', title: 'Test discounts', description: 'A test for the discount.', dependsOn: ['t1', 't2'] },
  ],
};

function sidebar(host: RunController) {
  const posted: ToWebviewInput[] = [];
  const deps: DispatchDeps = {
    host,
    executeCommand: async () => undefined,
    post: (m) => void posted.push(m),
    log: { info: () => {}, warn: () => {}, error: () => {} },
    ready: () => {},
    remember: async () => {},
  };
  /** Sends a message as the view would (it must parse), and returns the notices it brought back, parsed. */
  const send = async (raw: unknown) => {
    const parsed = parseFromWebview(JSON.parse(JSON.stringify(raw)));
    assert.ok(parsed.ok, JSON.stringify(raw));
    const from = posted.length;
    await dispatch(parsed.message, deps);
    return posted.slice(from).map((m) => {
      const back = parseToWebview(JSON.parse(JSON.stringify(m)));
      assert.ok(back.ok && back.message.type === 'notice');
      return back.message;
    });
  };
  return { send };
}

describe('gate edits from the sidebar', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
  });
  after(() => server.close());

  it('removing a task names the cut dependencies and offers an Undo that restores them, journaled as plan edits', async () => {
    server.setScript(script(THREE_TASK_PLAN));
    const f = await hostFixture(server, UNTESTED_FILES);
    try {
      const c = f.controller;
      await c.requestFeature('Add discounts');
      const view = sidebar(c);
      const [removed] = await view.send({ type: 'editPlan', edit: { kind: 'removeTask', taskId: 't1' } });
      assert.equal(removed?.text, 'Removed t1 "Apply a discount": t2 and t3 no longer depend on it.');
      assert.equal(removed?.level, 'info');
      assert.deepEqual(c.state?.plan?.tasks.map((t) => [t.id, t.dependsOn]), [['t2', []], ['t3', ['t2']]]);
      assert.equal(removed?.undo?.kind, 'restoreTask');

      const [restored] = await view.send({ type: 'editPlan', edit: removed?.undo });
      assert.equal(restored?.text, 'Restored t1 "Apply a discount".');
      // Back at its place, and back in the dependencies it was cut from (their order does not matter).
      assert.deepEqual(c.state?.plan?.tasks.map((t) => ({ ...t, dependsOn: [...t.dependsOn].sort() })), THREE_TASK_PLAN.tasks);
      const edits = f.events.flatMap((e) => (e.type === 'plan.edited' ? [e.edit] : []));
      assert.deepEqual(edits, ['removed t1', 'restored t1 (and the dependencies of t2, t3 on it)']);

      // The same Undo again changes nothing and says why.
      const [again] = await view.send({ type: 'editPlan', edit: removed?.undo });
      assert.equal(again?.level, 'error');
      assert.match(again?.text ?? '', /t1 is in the plan already/);
      assert.equal(f.events.filter((e) => e.type === 'plan.edited').length, 2);
    } finally {
      await f.dispose();
    }
  });

  it('a Save that changes a description and adds a cycle keeps nothing and names the cycle', async () => {
    server.setScript(script(THREE_TASK_PLAN));
    const f = await hostFixture(server, UNTESTED_FILES);
    try {
      const c = f.controller;
      await c.requestFeature('Add discounts');
      const view = sidebar(c);
      const planBefore = c.state?.plan;
      const [refused] = await view.send({ type: 'editPlan', edit: { kind: 'updateTask', taskId: 't2', description: 'The cart and the receipt show it.', dependsOn: ['t1', 't3'] } });
      assert.equal(refused?.level, 'error');
      assert.equal(refused?.text, 'Nothing was changed: t2 → t3 → t2 is a cycle: each task would wait for the next, so none could start.');
      assert.equal(c.state?.plan, planBefore, 'the description was not kept either');
      assert.equal(f.events.filter((e) => e.type === 'plan.edited').length, 0);

      // The same Save without the cycle keeps both changes, as one edit.
      assert.deepEqual(await view.send({ type: 'editPlan', edit: { kind: 'updateTask', taskId: 't2', description: 'The cart and the receipt show it.', dependsOn: [] } }), []);
      assert.deepEqual(c.state?.plan?.tasks[1], { ...THREE_TASK_PLAN.tasks[1], description: 'The cart and the receipt show it.', dependsOn: [] });
      assert.equal(f.events.filter((e) => e.type === 'plan.edited').length, 1);
    } finally {
      await f.dispose();
    }
  });
});
