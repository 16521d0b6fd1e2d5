/**
 * The window closes (or reloads) while agents work: the controller's dispose stops them, but what
 * that stop would journal (tasks cancelled, the run's end) is not the user's cancel. The journal
 * keeps the tasks running and no end, so the next window reads the run Interrupted, offers Resume
 * for it, and Resume completes it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readRunJournal } from '../../../src/core/run/journal';
import { createFsStorage } from '../../../src/node/fsStorage';
import { deriveRunDisplay } from '../../../src/vscode/host/runDisplay';
import { statusView } from '../../../src/vscode/host/statusText';
import { agentTurns, call, planTurn } from '../../support/agentScripts';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { hostFixture } from './support/hostHarness';
import { UNTESTED_FILES } from './support/hostScripts';

const PLAN = {
  summary: 'Discounts',
  tasks: [
    { id: 't1', role: 'backend', title: 'Apply a discount', description: 'total(items, discount) subtracts a discount.', dependsOn: [] },
    { id: 't2', role: 'backend', title: 'Document the discount', description: 'README says how the discount works.', dependsOn: [] },
  ],
};

// Each task's first answer is slow: the window "closes" while both wait on it.
const SCRIPT = {
  turns: [
    planTurn(PLAN),
    ...agentTurns('t1', [[call('read_file', { path: 'src/price.js' })], [call('finish', { summary: 'Looked at it.' })]], { delayMs: 1500 }),
    ...agentTurns('t2', [[call('read_file', { path: 'README.md' })], [call('finish', { summary: 'Nothing to document.' })]], { delayMs: 1500 }),
  ],
};

describe('RunController: the window closes mid-run', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer(SCRIPT, { log: () => {} });
  });
  after(() => server.close());

  it('journals neither cancelled tasks nor an end: the next window reads Interrupted in the sidebar and the status bar alike, and Resume completes it', async () => {
    const f = await hostFixture(server, UNTESTED_FILES, { autonomy: 'review-changes', concurrency: 2 });
    try {
      const c = f.controller;
      let started = 0;
      c.onDidEvent(({ event }) => {
        // Both agents wait on their first answer: the window goes away.
        if (event.type === 'task.started' && ++started === 2) setTimeout(() => c.dispose(), 200);
      });
      await c.requestFeature('Add discounts');
      assert.equal(started, 2);

      const runId = c.state!.runId;
      const { events } = await readRunJournal(createFsStorage(f.storageDir), runId);
      const types = events.map((e) => e.type);
      assert.ok(!types.includes('run.finished') && !types.includes('run.failed'), `the journal has no end: ${types.join(', ')}`);
      assert.ok(!events.some((e) => e.type === 'task.finished'), `no task is journaled as finished (cancelled): ${types.join(', ')}`);

      const next = f.reload();
      await next.restore();
      assert.equal(next.phase, 'interrupted');
      assert.ok(f.notices.some((n) => n.actions?.some((a) => a.command === 'squad.resumeRun')), 'the next window offers Resume');
      const display = deriveRunDisplay(next.state!, next.busy);
      assert.equal(display.label, 'Interrupted');
      assert.equal(display.resume, true);
      assert.deepEqual(display.counts, { total: 2, done: 0, working: 0, failed: 0, blocked: 0, cancelled: 0, interrupted: 2 });
      assert.equal(display.progress, '0 of 2 tasks done · 2 interrupted');
      assert.equal(statusView(next.state, next.busy, true).text, '$(debug-pause) Squad: Interrupted · 0/2 done · 2 interrupted · 1.5k tokens · cost unknown');

      await next.resume(runId);
      assert.equal(next.state?.status, 'completed');
      assert.deepEqual(deriveRunDisplay(next.state, next.busy).counts, { total: 2, done: 2, working: 0, failed: 0, blocked: 0, cancelled: 0, interrupted: 0 });
    } finally {
      await f.dispose();
    }
  });
});
