/** The words of the notice a run's end gets when the Squad view is hidden. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completionMessage } from '../../../src/vscode/host/completionText';
import { sessionWithPlan, task } from '../../support/runSessions';

test('a finished run says how many tasks proposed how many files, and how the tests ended; a cancelled one says nothing', async () => {
  const run = await sessionWithPlan({ summary: 's', tasks: [task('t1'), task('t2', ['t1'], 'qa')] });
  try {
    const s = run.session;
    await s.emit({ type: 'plan.approved', by: 'user' });
    await s.emit({ type: 'task.started', taskId: 't1', role: 'backend', model: 'm' });
    await s.emit({ type: 'proposal.updated', taskId: 't1', round: 0, files: [], changes: [{ path: 'a.txt', base: 'a\n', content: 'b\n' }, { path: 'b.txt', base: null, content: 'new\n' }] });
    await s.emit({ type: 'task.finished', taskId: 't1', outcome: 'proposed', summary: 'done' });
    await s.emit({ type: 'task.started', taskId: 't2', role: 'qa', model: 'm' });
    await s.emit({ type: 'task.finished', taskId: 't2', outcome: 'failed', reason: 'ran out of turns', code: 'agent/turn_limit' });
    assert.equal(completionMessage(s.state, 'incomplete'), 'The run stopped with work left: 1 of 2 tasks proposed changes to 2 files to review; Resume Run retries the rest.');
    await s.emit({ type: 'tests.settled', outcome: 'passed', rounds: 1, summary: '3 passed' });
    assert.equal(completionMessage(s.state, 'completed'), 'The run finished: 1 of 2 tasks proposed changes to 2 files to review. Tests: passed.');
    assert.equal(completionMessage(s.state, 'cancelled'), undefined);
  } finally {
    await run.dispose();
  }
});
