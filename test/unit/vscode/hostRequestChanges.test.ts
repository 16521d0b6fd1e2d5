import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, planTurn } from '../../support/agentScripts';
import type { ScriptedTurn } from '../../support/script';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { hostFixture, noticeText } from './support/hostHarness';
import { T1_TURNS, T2_TURNS, TWO_TASK_PLAN, UNTESTED_FILES } from './support/hostScripts';

const COMMENT = 'A discount larger than the total must give 0, not a negative total.';

const revisionTurn = (name: string, task: string, marker: string, assistantTurns: number, reply: NonNullable<ScriptedTurn['reply']>): ScriptedTurn => ({
  name,
  match: { contains: [`Your task (${task})`, marker], assistantTurns },
  reply,
});

/** Revision rounds first: the first matching turn answers, and their conversations name the task too. */
const SCRIPT = {
  turns: [
    revisionTurn('t1 revision 0', 't1', 'asks for changes', 0, { toolCalls: [call('propose_edit', { path: 'src/price.js', edits: [{ search: 'return items.reduce((sum, i) => sum + i.price, 0) - discount;', replace: 'return Math.max(0, items.reduce((sum, i) => sum + i.price, 0) - discount);' }] })] }),
    revisionTurn('t1 revision 1', 't1', 'asks for changes', 1, { toolCalls: [call('finish', { summary: 'The total never goes below 0.' })] }),
    revisionTurn('t2 check 0', 't2', 'was revised after you proposed', 0, { toolCalls: [call('finish', { summary: 'unchanged: the test still holds.' })] }),
    planTurn(TWO_TASK_PLAN),
    ...T1_TURNS,
    ...T2_TURNS,
  ],
};

describe('RunController: request changes', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
  });
  after(() => server.close());

  it('sends the comment to the task’s agent through the driver, and refuses an empty one without journaling it', async () => {
    server.setScript(SCRIPT);
    const f = await hostFixture(server, UNTESTED_FILES);
    try {
      const c = f.controller;
      await c.requestFeature('Add discounts');
      await c.approvePlan();
      assert.equal(c.state?.status, 'completed');

      const count = f.events.length;
      assert.equal(await c.requestChanges({ kind: 'task', taskId: 't1' }, '  '), false);
      assert.equal(f.events.length, count);
      assert.match(noticeText(f), /comment is empty/);

      assert.equal(await c.requestChanges({ kind: 'file', taskId: 't1', path: 'src/price.js' }, COMMENT), true);
      assert.equal(c.busy, false);
      const t1 = c.state.tasks.t1!;
      assert.deepEqual(t1.history.map((h) => h.outcome), ['proposed', 'revised']);
      assert.match(t1.changes[0]?.content ?? '', /Math\.max\(0, /);
      assert.deepEqual(c.state.revisions.notices.map((n) => n.taskId), ['t2']);
      assert.equal(c.state.status, 'completed', 'a revision does not end or fail the run');
      assert.ok(f.lines.some((l) => l.startsWith('✎ changes requested on src/price.js — t1 [backend] revises in round')), f.lines.join('\n'));
      assert.ok(f.lines.some((l) => l.startsWith('↺ t2 [qa]: t1 was revised after it proposed')), f.lines.join('\n'));
    } finally {
      await f.dispose();
    }
  });
});
