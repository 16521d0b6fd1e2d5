import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptedSelection } from '../../../../src/core/review/selection';
import { selectionDigest } from '../../../../src/core/review/selectionDigest';
import { selectionTestStatus } from '../../../../src/core/review/testedSelection';
import type { RunSession } from '../../../../src/core/run/session';
import { sessionWithPlan, task } from '../../../support/runSessions';

/** api (t1) changes api.js; ui (t2, after t1) creates ui.js; qa (t3, after t2) creates ui.test.js. */
async function proposedRun() {
  const run = await sessionWithPlan({ summary: 's', tasks: [task('t1'), task('t2', ['t1'], 'frontend'), task('t3', ['t2'], 'qa')] });
  const s = run.session;
  await propose(s, 't1', 'backend', [{ path: 'api.js', base: 'a\nb\nc\n', content: 'a\nB\nc\n' }]);
  await propose(s, 't2', 'frontend', [{ path: 'ui.js', base: null, content: 'ui\n' }]);
  await propose(s, 't3', 'qa', [{ path: 'ui.test.js', base: null, content: 'test\n' }]);
  return run;
}

async function propose(s: RunSession, taskId: string, role: string, changes: { path: string; base: string | null; content: string | null }[]) {
  await s.emit({ type: 'task.started', taskId, role, model: 'm' });
  await s.emit({ type: 'proposal.updated', taskId, round: 0, files: [], changes });
  await s.emit({ type: 'task.finished', taskId, outcome: 'proposed', summary: taskId });
}

async function testRound(s: RunSession, round: number) {
  await s.emit({ type: 'tests.started', round, command: 'npm test' });
  await s.emit({ type: 'tests.finished', round, exitCode: 0, timedOut: false, format: 'tap', passed: 6, failed: 0, skipped: 0, failures: [], rawTail: '', durationMs: 5 });
}

async function selectionRun(s: RunSession, failed: number) {
  await s.emit({
    type: 'tests.selectionRun', digest: selectionDigest(acceptedSelection(s.state)), files: acceptedSelection(s.state).files.length, command: 'npm test',
    exitCode: failed > 0 ? 1 : 0, timedOut: false, passed: 6 - failed, failed, skipped: 0, failures: [], rawTail: '', durationMs: 5, sandboxed: true,
  });
}

test('before any test round there is nothing to compare; nothing accepted is not a difference', async () => {
  const run = await proposedRun();
  try {
    assert.deepEqual(selectionTestStatus(run.session.state), { kind: 'untested' });
    await testRound(run.session, 0);
    assert.deepEqual(selectionTestStatus(run.session.state), { kind: 'nothing-accepted' });
  } finally {
    await run.dispose();
  }
});

test('accepting everything is what the tests ran on; rejecting a task or leaving hunks undecided differs, named', async () => {
  const run = await proposedRun();
  const s = run.session;
  try {
    await testRound(s, 0);
    await s.emit({ type: 'review.decided', scope: { kind: 'run' }, decision: 'accepted' });
    assert.deepEqual(selectionTestStatus(s.state), { kind: 'same' });

    await s.emit({ type: 'review.decided', scope: { kind: 'task', taskId: 't2' }, decision: 'rejected' });
    const rejected = selectionTestStatus(s.state);
    assert.equal(rejected.kind, 'differs');
    assert.ok(rejected.kind === 'differs');
    assert.deepEqual(rejected.reasons, ['frontend (t2) rejected']);
    assert.equal(rejected.staleRun, false);
    assert.equal(rejected.run, undefined);

    await s.emit({ type: 'review.decided', scope: { kind: 'task', taskId: 't2' }, decision: 'undecided' });
    const undecided = selectionTestStatus(s.state);
    assert.ok(undecided.kind === 'differs');
    assert.deepEqual(undecided.reasons, ['frontend (t2) not accepted']);
  } finally {
    await run.dispose();
  }
});

test('a proposal revised after the last round differs even with everything accepted; the next round clears it', async () => {
  const run = await proposedRun();
  const s = run.session;
  try {
    await testRound(s, 0);
    await s.emit({ type: 'review.decided', scope: { kind: 'run' }, decision: 'accepted' });
    await s.emit({ type: 'proposal.updated', taskId: 't1', round: 1, files: [], changes: [{ path: 'api.js', base: 'a\nb\nc\n', content: 'a\nB2\nc\n' }] });
    const revised = selectionTestStatus(s.state);
    assert.ok(revised.kind === 'differs');
    assert.deepEqual(revised.reasons, ['proposals were revised after the tests ran']);
    await testRound(s, 1);
    assert.equal(selectionTestStatus(s.state).kind, 'same');
  } finally {
    await run.dispose();
  }
});

test('a selection run speaks for its selection only: another decision makes it stale, going back restores it', async () => {
  const run = await proposedRun();
  const s = run.session;
  try {
    await testRound(s, 0);
    await s.emit({ type: 'review.decided', scope: { kind: 'run' }, decision: 'accepted' });
    await s.emit({ type: 'review.decided', scope: { kind: 'task', taskId: 't2' }, decision: 'rejected' });
    await selectionRun(s, 2);
    const tested = selectionTestStatus(s.state);
    assert.ok(tested.kind === 'differs');
    assert.equal(tested.run?.failed, 2);
    assert.equal(tested.staleRun, false);

    await s.emit({ type: 'review.decided', scope: { kind: 'task', taskId: 't3' }, decision: 'rejected' });
    const other = selectionTestStatus(s.state);
    assert.ok(other.kind === 'differs');
    assert.equal(other.run, undefined);
    assert.equal(other.staleRun, true);

    await s.emit({ type: 'review.decided', scope: { kind: 'task', taskId: 't3' }, decision: 'accepted' });
    const back = selectionTestStatus(s.state);
    assert.ok(back.kind === 'differs');
    assert.equal(back.run?.failed, 2);

    // A revision of an accepted task changes what the selection writes: the run no longer holds.
    await s.emit({ type: 'proposal.updated', taskId: 't3', round: 1, files: [], changes: [{ path: 'ui.test.js', base: null, content: 'test v2\n' }] });
    const revised = selectionTestStatus(s.state);
    assert.ok(revised.kind === 'differs');
    assert.equal(revised.run, undefined);
    assert.equal(revised.staleRun, true);
  } finally {
    await run.dispose();
  }
});

test('the digest names the content written, not the decisions that led to it', () => {
  const a = selectionDigest({ files: [{ path: 'x.js', original: 'o', content: 'n' }] });
  assert.equal(a, selectionDigest({ files: [{ path: 'x.js', original: 'other base', content: 'n' }] }));
  assert.notEqual(a, selectionDigest({ files: [{ path: 'x.js', original: 'o', content: 'm' }] }));
  assert.notEqual(a, selectionDigest({ files: [{ path: 'x.js', original: 'o', content: undefined }] }));
  assert.notEqual(a, selectionDigest({ files: [{ path: 'y.js', original: 'o', content: 'n' }] }));
  assert.match(a, /^[0-9a-f]{24}$/);
});
