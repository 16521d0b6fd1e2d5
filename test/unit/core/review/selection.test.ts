import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptedSelection } from '../../../../src/core/review/selection';
import { reviewTree } from '../../../../src/core/review/tree';
import { sessionWithPlan, task } from '../../../support/runSessions';

const BASE = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
const TOP_AND_BOTTOM = BASE.replace('line 2\n', 'line 2 (api)\n').replace('line 19\n', 'line 19 (api)\n');
const WITH_UI = TOP_AND_BOTTOM.replace('line 10\n', 'line 10 (ui)\n');

/** t1 changes two far-apart lines of a.txt and creates b.txt; t2 (after t1) changes a third line of a.txt and deletes c.txt. */
async function reviewedRun() {
  const run = await sessionWithPlan({ summary: 's', tasks: [task('t1'), task('t2', ['t1'], 'frontend')] });
  const s = run.session;
  await s.emit({ type: 'task.started', taskId: 't1', role: 'backend', model: 'm' });
  await s.emit({ type: 'proposal.updated', taskId: 't1', round: 0, files: [], changes: [{ path: 'a.txt', base: BASE, content: TOP_AND_BOTTOM }, { path: 'b.txt', base: null, content: 'new\n' }] });
  await s.emit({ type: 'task.finished', taskId: 't1', outcome: 'proposed', summary: 'api' });
  await s.emit({ type: 'task.started', taskId: 't2', role: 'frontend', model: 'm' });
  await s.emit({ type: 'proposal.updated', taskId: 't2', round: 0, files: [], changes: [{ path: 'a.txt', base: TOP_AND_BOTTOM, content: WITH_UI }, { path: 'c.txt', base: 'old\n', content: null }] });
  await s.emit({ type: 'task.finished', taskId: 't2', outcome: 'proposed', summary: 'ui' });
  return run;
}

test('the review tree lists each task\'s files and hunks, undecided at first', async () => {
  const run = await reviewedRun();
  try {
    const tree = reviewTree(run.session.state);
    assert.deepEqual(tree.map((t) => [t.taskId, t.verdict, t.files.map((f) => `${f.path}:${f.kind}:${f.hunks.length}`)]), [
      ['t1', 'undecided', ['a.txt:modified:2', 'b.txt:created:1']],
      ['t2', 'undecided', ['a.txt:modified:1', 'c.txt:deleted:1']],
    ]);
    assert.deepEqual(acceptedSelection(run.session.state).files, []);
  } finally {
    await run.dispose();
  }
});

test('accepting the run applies everything; rejecting a task drops it; a dependent\'s change still layers', async () => {
  const run = await reviewedRun();
  try {
    const s = run.session;
    await s.emit({ type: 'review.decided', scope: { kind: 'run' }, decision: 'accepted' });
    let files = acceptedSelection(s.state).files;
    assert.deepEqual(files.map((f) => [f.path, f.content]), [['a.txt', WITH_UI], ['b.txt', 'new\n'], ['c.txt', undefined]]);
    assert.equal(files[0]?.original, BASE);

    await s.emit({ type: 'review.decided', scope: { kind: 'task', taskId: 't1' }, decision: 'rejected' });
    files = acceptedSelection(s.state).files;
    // t2 built on t1's version, but its own hunk merges onto the original cleanly.
    assert.deepEqual(files.map((f) => [f.path, f.content]), [['a.txt', BASE.replace('line 10\n', 'line 10 (ui)\n')], ['c.txt', undefined]]);
    assert.equal(reviewTree(s.state)[0]?.verdict, 'rejected');
  } finally {
    await run.dispose();
  }
});

test('one hunk accepted and the other rejected in the same file; undecided restores a rejected hunk', async () => {
  const run = await reviewedRun();
  try {
    const s = run.session;
    const [first, second] = reviewTree(s.state)[0]?.files[0]?.hunks ?? [];
    assert.ok(first && second);
    await s.emit({ type: 'review.decided', scope: { kind: 'hunk', taskId: 't1', path: 'a.txt', hunkId: first.hunk.id }, decision: 'accepted' });
    await s.emit({ type: 'review.decided', scope: { kind: 'hunk', taskId: 't1', path: 'a.txt', hunkId: second.hunk.id }, decision: 'rejected' });
    let selection = acceptedSelection(s.state);
    assert.deepEqual(selection.files.map((f) => [f.path, f.content]), [['a.txt', BASE.replace('line 2\n', 'line 2 (api)\n')]]);
    assert.deepEqual(selection.hunks, [{ taskId: 't1', path: 'a.txt', hunkId: first.hunk.id }]);
    assert.equal(reviewTree(s.state)[0]?.files[0]?.verdict, 'mixed');

    await s.emit({ type: 'review.decided', scope: { kind: 'file', taskId: 't1', path: 'a.txt' }, decision: 'accepted' });
    selection = acceptedSelection(s.state);
    assert.deepEqual(selection.files.map((f) => [f.path, f.content]), [['a.txt', TOP_AND_BOTTOM]]);
  } finally {
    await run.dispose();
  }
});
