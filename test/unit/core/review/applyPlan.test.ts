import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeRefusals, planApply, type CurrentFile } from '../../../../src/core/review/applyPlan';
import { acceptedSelection, type Selection } from '../../../../src/core/review/selection';
import { sessionWithPlan, task } from '../../../support/runSessions';

const BASE = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
const PROPOSED = BASE.replace('line 3\n', 'line 3 (api)\n');

/** t1 modifies a.txt (line 3), creates b.txt and deletes c.txt; everything accepted. */
async function acceptedRun(changes = [
  { path: 'a.txt', base: BASE as string | null, content: PROPOSED as string | null },
  { path: 'b.txt', base: null, content: 'new\n' },
  { path: 'c.txt', base: 'old\n', content: null },
]) {
  const run = await sessionWithPlan({ summary: 's', tasks: [task('t1')] });
  const s = run.session;
  await s.emit({ type: 'task.started', taskId: 't1', role: 'backend', model: 'm' });
  await s.emit({ type: 'proposal.updated', taskId: 't1', round: 0, files: [], changes });
  await s.emit({ type: 'task.finished', taskId: 't1', outcome: 'proposed', summary: 'api' });
  await s.emit({ type: 'review.decided', scope: { kind: 'run' }, decision: 'accepted' });
  return run;
}

async function withSelection(fn: (selection: Selection) => void | Promise<void>, changes?: Parameters<typeof acceptedRun>[0]): Promise<void> {
  const run = await acceptedRun(changes);
  try {
    await fn(acceptedSelection(run.session.state));
  } finally {
    await run.dispose();
  }
}

const disk = (files: Record<string, string | undefined>) => (path: string): CurrentFile => ({ text: files[path], source: 'disk' });

test('files still as the agents read them are written as proposed: created, modified, deleted', async () => {
  await withSelection((selection) => {
    const plan = planApply(selection, disk({ 'a.txt': BASE, 'c.txt': 'old\n' }));
    assert.deepEqual(plan.refusals, []);
    assert.deepEqual(plan.unchanged, []);
    assert.deepEqual(
      plan.writes.map((w) => [w.path, w.action, w.content, w.merged]),
      [['a.txt', 'modified', PROPOSED, false], ['b.txt', 'created', 'new\n', false], ['c.txt', 'deleted', undefined, false]],
    );
    assert.equal(plan.hunks.length, 3);
  });
});

test('a file the user changed elsewhere is merged three-way, keeping both changes', async () => {
  await withSelection((selection) => {
    const userEdited = BASE.replace('line 17\n', 'line 17 (mine)\n');
    const plan = planApply(selection, (p) => (p === 'a.txt' ? { text: userEdited, source: 'editor' } : disk({ 'c.txt': 'old\n' })(p)));
    assert.deepEqual(plan.refusals, []);
    const a = plan.writes.find((w) => w.path === 'a.txt');
    assert.equal(a?.merged, true);
    assert.equal(a?.current, userEdited);
    assert.equal(a?.content, BASE.replace('line 3\n', 'line 3 (api)\n').replace('line 17\n', 'line 17 (mine)\n'));
  });
});

test('CRLF files merge with their own line endings', async () => {
  const crlf = (s: string) => s.replace(/\n/g, '\r\n');
  await withSelection(
    (selection) => {
      const plan = planApply(selection, disk({ 'a.txt': crlf(BASE.replace('line 20\n', 'line 20 (mine)\n')) }));
      assert.equal(plan.writes[0]?.content, crlf(PROPOSED.replace('line 20\n', 'line 20 (mine)\n')));
      assert.equal(plan.writes[0]?.merged, true);
    },
    [{ path: 'a.txt', base: crlf(BASE), content: crlf(PROPOSED) }],
  );
});

test('overlapping changes refuse the whole apply and name the file and the lines', async () => {
  await withSelection((selection) => {
    const overlapping = BASE.replace('line 3\n', 'line 3 (mine)\nline 3b (mine)\n');
    const plan = planApply(selection, (p) => (p === 'a.txt' ? { text: overlapping, source: 'editor' } : disk({ 'c.txt': 'old\n' })(p)));
    assert.deepEqual(plan.refusals.map((r) => [r.path, r.lines]), [['a.txt', [{ start: 3, end: 4 }]]]);
    assert.deepEqual(describeRefusals(plan.refusals), ['a.txt: it was changed in the editor (unsaved) since the agents read it, and the changes overlap (lines 3–4).']);
    // The other files are still planned; the caller must not write anything while refusals exist.
    assert.equal(plan.writes.length, 2);
  });
});

test('a file that already holds the accepted text is left alone', async () => {
  await withSelection((selection) => {
    const plan = planApply(selection, disk({ 'a.txt': PROPOSED, 'b.txt': 'new\n' }));
    assert.deepEqual(plan.unchanged, ['a.txt', 'b.txt', 'c.txt']);
    assert.deepEqual(plan.writes, []);
    assert.deepEqual(plan.refusals, []);
  });
});

test('deleted, created-meanwhile, changed-then-deleted and binary files are refused', async () => {
  await withSelection((selection) => {
    const plan = planApply(selection, (p) =>
      p === 'a.txt' ? { text: undefined } : p === 'b.txt' ? { text: 'someone else\n', source: 'disk' } : { text: 'old, edited\n', source: 'disk' },
    );
    assert.deepEqual(describeRefusals(plan.refusals), [
      'a.txt: it was deleted since the agents read it.',
      'b.txt: it was created on disk after the agents proposed creating it.',
      'c.txt: it was changed on disk since the agents read it, and the accepted change deletes it.',
    ]);
    const binary = planApply(selection, (p) => (p === 'a.txt' ? { text: undefined, binary: true } : disk({ 'c.txt': 'old\n' })(p)));
    assert.deepEqual(describeRefusals(binary.refusals), ['a.txt: it is no longer a text file.']);
  });
});

test('text a windows-1252 file cannot hold is refused instead of corrupting the file', async () => {
  await withSelection(
    (selection) => {
      const plan = planApply(selection, () => ({ text: 'caf\u00e9\n', encoding: 'latin1' }));
      assert.deepEqual(describeRefusals(plan.refusals), ['l.txt: its windows-1252 encoding cannot hold "→".']);
      const fine = planApply(selection, () => ({ text: 'caf\u00e9\n', encoding: 'utf8' }));
      assert.equal(fine.writes[0]?.content, 'caf\u00e9 \u2192 bar\n');
    },
    [{ path: 'l.txt', base: 'caf\u00e9\n', content: 'caf\u00e9 \u2192 bar\n' }],
  );
});

test('accepted hunks of two tasks that cannot be layered refuse the apply', async () => {
  const run = await sessionWithPlan({ summary: 's', tasks: [task('t1'), task('t2', [], 'frontend')] });
  try {
    const s = run.session;
    for (const [id, role, line] of [['t1', 'backend', 'line 5 (api)'], ['t2', 'frontend', 'line 5 (ui)']] as const) {
      await s.emit({ type: 'task.started', taskId: id, role, model: 'm' });
      await s.emit({ type: 'proposal.updated', taskId: id, round: 0, files: [], changes: [{ path: 'a.txt', base: BASE, content: BASE.replace('line 5\n', `${line}\n`) }] });
      await s.emit({ type: 'task.finished', taskId: id, outcome: 'proposed', summary: id });
    }
    await s.emit({ type: 'review.decided', scope: { kind: 'run' }, decision: 'accepted' });
    const plan = planApply(acceptedSelection(s.state), disk({ 'a.txt': BASE }));
    assert.equal(plan.refusals.length, 1);
    assert.match(describeRefusals(plan.refusals)[0] ?? '', /^a\.txt: an accepted change of task t2 overlaps another accepted change \(lines 5-5\); reject one of them\.$/);
  } finally {
    await run.dispose();
  }
});
