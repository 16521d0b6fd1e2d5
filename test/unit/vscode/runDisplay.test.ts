/**
 * The one derivation of where a run stands (src/vscode/host/runDisplay.ts), over real journaled
 * sessions with a clock the test moves: cancelled then resumed, interrupted, cancelled at the plan
 * gate, failed on a 400, and the counts (a cancelled task is not done). The status bar and the
 * sidebar's run are checked to show the same derivation.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validatePlan } from '../../../src/core/plan/validate';
import { RunSession } from '../../../src/core/run/session';
import { createFsStorage } from '../../../src/node/fsStorage';
import { deriveRunDisplay, foldError } from '../../../src/vscode/host/runDisplay';
import { statusView } from '../../../src/vscode/host/statusText';
import { ViewTracker } from '../../../src/vscode/view/tracker';
import { testsHeadline } from '../../../src/webview/testWords';
import { task } from '../../support/runSessions';

const ROLES = ['database', 'backend', 'frontend', 'qa'];
const usage = (input: number, output: number) => ({ input, output, cacheRead: 0, cacheWrite: 0 });

/** A real session in a temp folder whose clock the test sets; the plan proposed at t = 2 s. */
async function timedRun(taskIds: readonly string[]) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-display-'));
  const storage = createFsStorage(dir);
  let now = 0;
  const clock = { now: () => now };
  const session = await RunSession.start({ storage, request: 'show due dates', workspaceName: 'ws', roles: ROLES, clock });
  now = 2_000;
  await session.emit({ type: 'plan.proposed', plan: validatePlan({ summary: 'Due dates', tasks: taskIds.map((id) => task(id)) }, { roles: ROLES, maxTasks: 10 }), attempt: 1 });
  return {
    session,
    storage,
    at: (ms: number) => {
      now = ms;
    },
    dispose: async () => {
      session.dispose();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

describe('the run display', () => {
  it('a cancelled run that is resumed reads Running with its clock going, not a red, frozen Cancelled', async () => {
    const run = await timedRun(['t1', 't2']);
    const { session, at } = run;
    try {
      at(62_000); // a minute at the gate: not work
      await session.emit({ type: 'plan.approved', by: 'user' });
      await session.emit({ type: 'task.started', taskId: 't1', role: 'backend', model: 'm' });
      await session.emit({ type: 'task.started', taskId: 't2', role: 'backend', model: 'm' });
      at(65_000);
      await session.emit({ type: 'task.finished', taskId: 't1', outcome: 'cancelled' });
      await session.emit({ type: 'task.finished', taskId: 't2', outcome: 'cancelled' });
      await session.emit({ type: 'run.finished', outcome: 'cancelled' });
      // A straggler of the cancel, journaled after the run's end, does not start the clock again.
      at(70_000);
      await session.emit({ type: 'model.usage', role: 'backend', taskId: 't1', model: 'm', usage: usage(100, 10) });

      const stopped = deriveRunDisplay(session.state, false);
      assert.equal(stopped.phase, 'cancelled');
      assert.equal(stopped.label, 'Cancelled');
      assert.equal(stopped.resume, true);
      assert.deepEqual(stopped.elapsed, { bankedMs: 5_000 }, '2 s planning + 3 s running; the gate and nothing after the stop');
      assert.equal(stopped.progress, '0 of 2 tasks done · 2 cancelled', 'cancelled tasks are not done');

      // Resumed an hour later by this window: its controller works on it before the journal says so.
      at(3_665_000);
      const resuming = deriveRunDisplay(session.state, true);
      assert.equal(resuming.phase, 'running');
      assert.equal(resuming.label, 'Running');
      assert.equal(resuming.resume, false, 'no Resume on a run that works');
      await session.emit({ type: 'task.retried', taskId: 't1', attempt: 2, fresh: false });
      await session.emit({ type: 'task.started', taskId: 't1', role: 'backend', model: 'm' });
      const t1 = new ViewTracker().snapshot(session.state, true).tasks.find((x) => x.id === 't1')!;
      assert.deepEqual([t1.status, t1.startedAt, t1.finishedAt], ['running', 3_665_000, undefined], 'the task\'s own clock runs again too, not stuck at its cancelled attempt');
      const working = deriveRunDisplay(session.state, true);
      assert.equal(working.label, 'Running');
      assert.equal(working.counts.working, 1);
      assert.deepEqual(working.elapsed, { bankedMs: 5_000, since: 3_665_000 }, 'the clock runs again from the resume, the hour stopped not counted');
      assert.equal(statusView(session.state, true, true).text, '$(sync~spin) Squad: Running · 0/2 done · 1 working · 1 cancelled · 110 tokens · cost unknown');
    } finally {
      await run.dispose();
    }
  });

  it('a run whose journal has no end and that nobody works on is interrupted: Resume offered, clock and spinners stopped', async () => {
    const run = await timedRun(['t1', 't2']);
    const { session, at } = run;
    try {
      await session.emit({ type: 'plan.approved', by: 'auto' });
      await session.emit({ type: 'task.started', taskId: 't1', role: 'backend', model: 'm' });
      await session.emit({ type: 'task.started', taskId: 't2', role: 'backend', model: 'm' });
      at(4_000);
      await session.emit({ type: 'model.usage', role: 'backend', taskId: 't1', model: 'm', usage: usage(12_345, 300), cost: 0.01 });
      // A cancel cut short (the window was killed while it was being journaled): one task cancelled, one still running, no end.
      await session.emit({ type: 'task.finished', taskId: 't2', outcome: 'cancelled' });

      const live = deriveRunDisplay(session.state, true);
      assert.equal(live.phase, 'running');
      const d = deriveRunDisplay(session.state, false);
      assert.equal(d.phase, 'interrupted');
      assert.equal(d.label, 'Interrupted');
      assert.equal(d.resume, true);
      assert.deepEqual(d.counts, { total: 2, done: 0, working: 0, failed: 0, blocked: 0, cancelled: 1, interrupted: 1 });
      assert.deepEqual(d.elapsed, { bankedMs: 4_000 }, 'stopped at the last event, not ticking');
      assert.equal(d.usage, '13k tokens · $0.01');

      // The sidebar's model: the same display, the running task shown interrupted with its clock stopped.
      const model = new ViewTracker().snapshot(session.state, false);
      assert.deepEqual(model.run!.display, d);
      const t1 = model.tasks.find((x) => x.id === 't1')!;
      assert.equal(t1.interrupted, true);
      assert.equal(t1.finishedAt, 4_000);
      assert.equal(model.tasks.find((x) => x.id === 't2')!.interrupted, undefined);
      const status = statusView(session.state, false, true).text;
      assert.equal(status, `$(debug-pause) Squad: ${d.label} · ${d.progressShort} · ${d.usage}`);

      // Resumed the next morning: the night the window stood closed is not work time.
      at(50_000_000);
      await session.emit({ type: 'task.retried', taskId: 't2', attempt: 2, fresh: false });
      await session.emit({ type: 'task.started', taskId: 't1', role: 'backend', model: 'm' });
      const resumed = deriveRunDisplay(session.state, true);
      assert.equal(resumed.label, 'Running');
      assert.deepEqual(resumed.elapsed, { bankedMs: 4_000, since: 50_000_000 });
    } finally {
      await run.dispose();
    }
  });

  it('a plan cancelled at the gate reads Cancelled in both places, keeps its gate, and its wait is not work time', async () => {
    const run = await timedRun(['t1']);
    const { session, at } = run;
    try {
      const gate = deriveRunDisplay(session.state, false);
      assert.equal(gate.phase, 'awaiting-approval');
      assert.equal(gate.label, 'Plan ready for review');
      assert.equal(gate.resume, false);
      at(600_000);
      await session.emit({ type: 'run.finished', outcome: 'cancelled' });
      const d = deriveRunDisplay(session.state, false);
      assert.equal(d.phase, 'cancelled');
      assert.equal(d.label, 'Cancelled');
      assert.equal(d.progress, 'plan not approved');
      assert.equal(d.resume, false, 'the gate\'s own Run goes on; Resume would only say so');
      assert.deepEqual(d.elapsed, { bankedMs: 2_000 }, 'ten minutes at the gate are not work');
      assert.match(statusView(session.state, false, true).text, /^\$\(circle-slash\) Squad: Cancelled · plan not approved/);
      const model = new ViewTracker().snapshot(session.state, false);
      assert.equal(model.run!.display.label, 'Cancelled');
      assert.equal(model.run!.awaitingApproval, true, 'the plan can still be run from the gate');
    } finally {
      await run.dispose();
    }
  });

  it('a run failed on a 400 offers no Resume and reads as one line, the provider\'s body folded', async () => {
    const run = await timedRun(['t1']);
    const { session } = run;
    try {
      const message = 'OpenAI (scripted-model) rejected the request (HTTP 400): Unsupported parameter: \'temperature\' is not supported with this model. Check the model name and the base URL.';
      await session.emit({ type: 'run.failed', code: 'config/invalid', message });
      const d = deriveRunDisplay(session.state, false);
      assert.equal(d.phase, 'failed');
      assert.equal(d.resume, false);
      assert.deepEqual(d.error, {
        code: 'config/invalid',
        headline: 'OpenAI (scripted-model) rejected the request (HTTP 400).',
        details: ['Unsupported parameter: \'temperature\' is not supported with this model. Check the model name and the base URL.'],
      });
      assert.match(statusView(session.state, false, true).tooltip, /Error \(config\/invalid\): OpenAI \(scripted-model\) rejected the request \(HTTP 400\)\.$/m);
    } finally {
      await run.dispose();
    }
    const retryable = await timedRun(['t1']);
    try {
      await retryable.session.emit({ type: 'run.failed', code: 'llm/server', message: 'OpenAI failed on the server side (HTTP 503): busy' });
      assert.equal(deriveRunDisplay(retryable.session.state, false).resume, true, 'a server error may pass when tried again');
    } finally {
      await retryable.dispose();
    }
  });

  it('folds a long message without a colon at a readable length and keeps the whole as a detail', () => {
    const long = 'x'.repeat(400);
    const folded = foldError('internal', long, ['more']);
    assert.equal(folded.headline.length, 140);
    assert.ok(folded.headline.endsWith('…'));
    assert.deepEqual(folded.details, [long, 'more']);
    assert.deepEqual(foldError('llm/auth', 'The key was refused.', []), { code: 'llm/auth', headline: 'The key was refused.', details: [] });
  });

  it('counts only proposed tasks as done; failed, blocked and cancelled are named, in the header and the status bar alike', async () => {
    const run = await timedRun(['t1', 't2', 't3', 't4']);
    const { session } = run;
    try {
      await session.emit({ type: 'plan.approved', by: 'user' });
      for (const id of ['t1', 't2', 't3']) await session.emit({ type: 'task.started', taskId: id, role: 'backend', model: 'm' });
      await session.emit({ type: 'task.finished', taskId: 't1', outcome: 'proposed', summary: 'done' });
      await session.emit({ type: 'task.finished', taskId: 't2', outcome: 'failed', reason: 'ran out of turns' });
      await session.emit({ type: 'task.finished', taskId: 't3', outcome: 'cancelled' });
      await session.emit({ type: 'task.blocked', taskId: 't4', blockedBy: ['t2'], reason: 't2 failed' });
      await session.emit({ type: 'run.finished', outcome: 'cancelled' });
      const d = deriveRunDisplay(session.state, false);
      assert.equal(d.progress, '1 of 4 tasks done · 1 failed · 1 blocked · 1 cancelled');
      assert.equal(d.progressShort, '1/4 done · 1 failed · 1 blocked · 1 cancelled');
      assert.equal(new ViewTracker().snapshot(session.state, false).run!.display.counts.done, 1);
    } finally {
      await run.dispose();
    }
  });

  it('does not count the wait for the test command\'s answer, and says the run waits for it', async () => {
    const run = await timedRun(['t1']);
    const { session, at } = run;
    try {
      await session.emit({ type: 'plan.approved', by: 'auto' });
      at(3_000);
      await session.emit({ type: 'task.started', taskId: 't1', role: 'backend', model: 'm' });
      await session.emit({ type: 'task.finished', taskId: 't1', outcome: 'proposed', summary: 'ok' });
      assert.equal(session.state.clock.since, 2_000);
      assert.deepEqual(deriveRunDisplay(session.state, true).elapsed, { bankedMs: 2_000, since: 2_000 }, 'planning banked, the work since approval counting');
      at(4_000);
      await session.emit({ type: 'tests.approvalRequested', command: 'npm test', reason: 'package.json has a test script', sandbox: { kind: 'none', description: 'no sandbox' }, changes: [], definition: { command: 'npm test', files: [] } });
      const asking = deriveRunDisplay(session.state, true);
      assert.equal(asking.phase, 'tests-wait');
      assert.equal(asking.label, 'Tests wait for your answer');
      assert.deepEqual(asking.elapsed, { bankedMs: 4_000 }, 'the clock stands while the question waits');
      at(64_000);
      await session.emit({ type: 'tests.approvalDecided', answer: 'deny', by: 'user' });
      assert.deepEqual(deriveRunDisplay(session.state, true).elapsed, { bankedMs: 4_000, since: 64_000 });
      // Review decisions after the end do not move the clock either.
      at(70_000);
      await session.emit({ type: 'run.finished', outcome: 'completed' });
      at(50_000);
      await session.emit({ type: 'review.decided', scope: { kind: 'run' }, decision: 'accepted' });
      const d = deriveRunDisplay(session.state, false);
      assert.equal(d.phase, 'completed');
      assert.deepEqual(d.elapsed, { bankedMs: 10_000 }, '2 s planning, 2 s before the question, 6 s after it: not the minute of waiting');
      assert.equal(d.resume, false);
    } finally {
      await run.dispose();
    }
  });

  it('does not count the wait for the budget question', async () => {
    const run = await timedRun(['t1']);
    const { session, at } = run;
    try {
      await session.emit({ type: 'plan.approved', by: 'auto' });
      at(3_000);
      await session.emit({ type: 'task.started', taskId: 't1', role: 'backend', model: 'm' });
      at(5_000);
      await session.emit({ type: 'budget.reached', limit: { tokens: 1_000 }, spent: { tokens: 900 }, estimate: { tokens: 400 }, crossed: 'tokens', role: 'backend', model: 'm' });
      const asking = deriveRunDisplay(session.state, true);
      assert.equal(asking.phase, 'budget-wait');
      assert.equal(asking.label, 'Budget reached: waits for your answer');
      assert.deepEqual(asking.elapsed, { bankedMs: 5_000 }, 'the clock stands while the question waits');
      assert.match(statusView(session.state, true, true).text, /^\$\(question\) Squad: Budget reached: waits for your answer/);
      at(125_000);
      await session.emit({ type: 'budget.decided', decision: 'raise', limit: { tokens: 5_000 }, by: 'user' });
      at(126_000);
      await session.emit({ type: 'task.finished', taskId: 't1', outcome: 'proposed', summary: 'ok' });
      await session.emit({ type: 'run.finished', outcome: 'completed' });
      assert.deepEqual(deriveRunDisplay(session.state, false).elapsed, { bankedMs: 6_000 }, '2 s planning, 3 s before the question, 1 s after it: not the two minutes of asking');
    } finally {
      await run.dispose();
    }
  });

  it('a test round the journal leaves running is interrupted when nobody works on the run: no spinner in the Tests section either', async () => {
    const run = await timedRun(['t1']);
    const { session } = run;
    try {
      await session.emit({ type: 'plan.approved', by: 'auto' });
      await session.emit({ type: 'task.started', taskId: 't1', role: 'backend', model: 'm' });
      await session.emit({ type: 'task.finished', taskId: 't1', outcome: 'proposed', summary: 'ok' });
      await session.emit({ type: 'tests.started', round: 0, command: 'npm test' });
      const live = new ViewTracker().snapshot(session.state, true);
      assert.equal(live.run!.display.phase, 'testing');
      assert.equal(live.tests.rounds[0]!.status, 'running');
      assert.equal(testsHeadline(live.tests).short, 'running');

      const closed = new ViewTracker().snapshot(session.state, false);
      assert.equal(closed.run!.display.phase, 'interrupted');
      assert.equal(closed.tests.rounds[0]!.status, 'interrupted');
      const headline = testsHeadline(closed.tests);
      assert.deepEqual([headline.tone, headline.short], ['warn', 'interrupted']);
      assert.equal(statusView(session.state, false, true).text, '$(debug-pause) Squad: Interrupted · 1/1 done · no tokens yet');
    } finally {
      await run.dispose();
    }
  });
});
