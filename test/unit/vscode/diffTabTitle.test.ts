/** The diff tab's title word follows the review: proposed → accepted / partly accepted / rejected → applied → rolled back. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reviewTree } from '../../../src/core/review/tree';
import { diffStatus } from '../../../src/vscode/diff/diffStatus';
import { sessionWithPlan, task } from '../../support/runSessions';

const BASE = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
const TWO_HUNKS = BASE.replace('line 2\n', 'line 2 (new)\n').replace('line 19\n', 'line 19 (new)\n');

async function proposedRun() {
  const run = await sessionWithPlan({ summary: 's', tasks: [task('t1')] });
  const s = run.session;
  await s.emit({ type: 'task.started', taskId: 't1', role: 'backend', model: 'm' });
  await s.emit({ type: 'proposal.updated', taskId: 't1', round: 0, files: [], changes: [{ path: 'a.txt', base: BASE, content: TWO_HUNKS }, { path: 'b.txt', base: null, content: 'new\n' }] });
  await s.emit({ type: 'task.finished', taskId: 't1', outcome: 'proposed', summary: 'done' });
  return run;
}

test('a proposed file reads "proposed" until decided, then follows each decision', async () => {
  const run = await proposedRun();
  try {
    const s = run.session;
    assert.equal(diffStatus(s.state, 't1', 'a.txt'), 'proposed');
    await s.emit({ type: 'review.decided', scope: { kind: 'file', taskId: 't1', path: 'a.txt' }, decision: 'accepted' });
    assert.equal(diffStatus(s.state, 't1', 'a.txt'), 'accepted');
    assert.equal(diffStatus(s.state, 't1', 'b.txt'), 'proposed', 'the other file is still undecided');
    const [first, second] = reviewTree(s.state)[0]?.files.find((f) => f.path === 'a.txt')?.hunks ?? [];
    assert.ok(first && second);
    await s.emit({ type: 'review.decided', scope: { kind: 'hunk', taskId: 't1', path: 'a.txt', hunkId: second.hunk.id }, decision: 'rejected' });
    assert.equal(diffStatus(s.state, 't1', 'a.txt'), 'partly accepted');
    await s.emit({ type: 'review.decided', scope: { kind: 'task', taskId: 't1' }, decision: 'rejected' });
    assert.equal(diffStatus(s.state, 't1', 'a.txt'), 'rejected');
    assert.equal(diffStatus(s.state, 't9', 'a.txt'), 'proposed', 'an unknown task keeps the opening word');
  } finally {
    await run.dispose();
  }
});

test('after an apply the title says applied (partly, when an accepted hunk was left out); a roll-back makes it a proposal again', async () => {
  const run = await proposedRun();
  try {
    const s = run.session;
    const hunks = reviewTree(s.state)[0]?.files.find((f) => f.path === 'a.txt')?.hunks ?? [];
    const [first, second] = hunks;
    assert.ok(first && second);
    await s.emit({ type: 'review.decided', scope: { kind: 'hunk', taskId: 't1', path: 'a.txt', hunkId: first.hunk.id }, decision: 'accepted' });
    await s.emit({ type: 'review.decided', scope: { kind: 'hunk', taskId: 't1', path: 'a.txt', hunkId: second.hunk.id }, decision: 'rejected' });
    await s.emit({ type: 'changes.applied', checkpointId: 'cp1', files: [{ path: 'a.txt', action: 'modified', merged: false }], hunks: [{ taskId: 't1', path: 'a.txt', hunkId: first.hunk.id }] });
    assert.equal(diffStatus(s.state, 't1', 'a.txt'), 'applied', 'the accepted hunk is on disk and the other was rejected');
    await s.emit({ type: 'review.decided', scope: { kind: 'hunk', taskId: 't1', path: 'a.txt', hunkId: second.hunk.id }, decision: 'accepted' });
    assert.equal(diffStatus(s.state, 't1', 'a.txt'), 'partly applied', 'an accepted hunk is not on disk yet');
    await s.emit({ type: 'changes.rolledBack', checkpointId: 'cp1', files: ['a.txt'] });
    assert.equal(diffStatus(s.state, 't1', 'a.txt'), 'accepted');
  } finally {
    await run.dispose();
  }
});
