import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dependencyWarning, dependentsOf, dependentsOfRejected } from '../../../../src/core/review/dependents';
import { sessionWithPlan, task } from '../../../support/runSessions';

/** db (t1) ← api (t2) ← ui (t3) ← qa (t4); docs (t5) ← db (t1). Each task creates one file; api creates two. */
async function proposedRun() {
  const run = await sessionWithPlan({
    summary: 's',
    tasks: [task('t1', [], 'database'), task('t2', ['t1']), task('t3', ['t2'], 'frontend'), task('t4', ['t3'], 'qa'), task('t5', ['t1'])],
  });
  const s = run.session;
  for (const t of s.state.plan!.tasks) {
    await s.emit({ type: 'task.started', taskId: t.id, role: t.role, model: 'm' });
    const files = t.id === 't2' ? ['api.js', 'api2.js'] : [`${t.id}.js`];
    await s.emit({ type: 'proposal.updated', taskId: t.id, round: 0, files: [], changes: files.map((path) => ({ path, base: null, content: `${path}\n` })) });
    await s.emit({ type: 'task.finished', taskId: t.id, outcome: 'proposed', summary: t.id });
  }
  return run;
}

test('dependents are followed through the plan, transitively, in plan order', async () => {
  const run = await proposedRun();
  try {
    assert.deepEqual(dependentsOf(run.session.state, 't1'), ['t2', 't3', 't4', 't5']);
    assert.deepEqual(dependentsOf(run.session.state, 't3'), ['t4']);
    assert.deepEqual(dependentsOf(run.session.state, 't4'), []);
  } finally {
    await run.dispose();
  }
});

test('rejecting the frontend task while the QA task is accepted names QA; nothing else is named', async () => {
  const run = await proposedRun();
  const s = run.session;
  try {
    await s.emit({ type: 'review.decided', scope: { kind: 'run' }, decision: 'accepted' });
    assert.deepEqual(dependentsOfRejected(s.state), []);
    await s.emit({ type: 'review.decided', scope: { kind: 'task', taskId: 't3' }, decision: 'rejected' });
    const found = dependentsOfRejected(s.state);
    assert.deepEqual(found, [{ taskId: 't3', partly: false, dependents: ['t4'] }]);
    assert.equal(dependencyWarning(s.state, found[0]!), 'frontend (t3) is rejected, but qa (t4) depends on it.');
  } finally {
    await run.dispose();
  }
});

test('a partly rejected task warns too; dependents that are rejected or undecided are not named', async () => {
  const run = await proposedRun();
  const s = run.session;
  try {
    await s.emit({ type: 'review.decided', scope: { kind: 'task', taskId: 't2' }, decision: 'accepted' });
    await s.emit({ type: 'review.decided', scope: { kind: 'task', taskId: 't4' }, decision: 'accepted' });
    await s.emit({ type: 'review.decided', scope: { kind: 'task', taskId: 't5' }, decision: 'rejected' });
    await s.emit({ type: 'review.decided', scope: { kind: 'file', taskId: 't2', path: 'api2.js' }, decision: 'rejected' });
    const found = dependentsOfRejected(s.state);
    // t2 is partly rejected: t4 (accepted, through undecided t3) builds on it; t3 is undecided and not named.
    assert.deepEqual(found, [{ taskId: 't2', partly: true, dependents: ['t4'] }]);
    assert.equal(dependencyWarning(s.state, found[0]!), 'backend (t2) is partly rejected, but qa (t4) depends on it.');

    await s.emit({ type: 'review.decided', scope: { kind: 'task', taskId: 't1' }, decision: 'rejected' });
    const all = dependentsOfRejected(s.state);
    assert.deepEqual(all.map((d) => [d.taskId, d.dependents]), [['t1', ['t2', 't4']], ['t2', ['t4']]]);
    assert.equal(dependencyWarning(s.state, all[0]!), 'database (t1) is rejected, but backend (t2) and qa (t4) depend on it.');
  } finally {
    await run.dispose();
  }
});
