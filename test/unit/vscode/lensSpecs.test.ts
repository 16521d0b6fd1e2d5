/**
 * What the diff editor's lenses say and run (src/vscode/diff/lensSpecs.ts), on real diffs: the
 * file's row on line 0, one row per hunk at its first changed line, the decision shown in place of
 * its action with Undo, and the commands' arguments (the review scope, `{ scope }` for Request Changes).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeFileDiff } from '../../../src/core/changes/hunks';
import { verdictOf, type ReviewFile } from '../../../src/core/review/tree';
import type { ReviewDecision } from '../../../src/core/run/reviewEvents';
import { DECIDE_COMMAND, fileLensSpecs, REQUEST_CHANGES_COMMAND, type LensSpec } from '../../../src/vscode/diff/lensSpecs';

const TASK = { id: 't1', role: 'backend', title: 'Coerce arguments to numbers', description: 'add and mul take numeric strings.' };
const BEFORE = Array.from({ length: 20 }, (_, i) => `line ${i}\n`).join('');
const AFTER = BEFORE.replace('line 4\n', 'line four\n').replace('line 15\n', 'line fifteen\n');

function file(before: string | undefined, after: string | undefined, decisions: readonly ReviewDecision[] = []): ReviewFile {
  const diff = computeFileDiff('src/x.js', before, after);
  const hunks = diff.hunks.map((hunk, i) => ({ hunk, decision: decisions[i] ?? 'undecided' }));
  return { taskId: 't1', path: 'src/x.js', kind: diff.kind, added: diff.added, removed: diff.removed, base: before, proposed: after, hunks, verdict: verdictOf(hunks.map((h) => h.decision)) };
}

/** Each line's lens titles joined as VS Code shows them. */
function rows(specs: readonly LensSpec[]): Record<number, string> {
  const out: Record<number, string> = {};
  for (const s of specs) out[s.line] = out[s.line] === undefined ? s.title : `${out[s.line]} | ${s.title}`;
  return out;
}

test('an undecided file: who changed it and why on line 0, then one row per hunk at its changed line', () => {
  const reviewed = file(BEFORE, AFTER);
  const specs = fileLensSpecs(reviewed, TASK);
  assert.deepEqual(rows(specs), {
    0: 'Accept File | Reject File | Request Changes… | 0 of 2 changes accepted | t1 backend — Coerce arguments to numbers',
    4: 'Accept | Reject | Request Changes…',
    15: 'Accept | Reject | Request Changes…',
  });
  const who = specs.find((s) => s.title.startsWith('t1 backend'));
  assert.equal(who?.tooltip, TASK.description, 'the why is the task\'s description');
  assert.equal(who?.command, undefined, 'the task line is text');
  const hunkId = reviewed.hunks[1]!.hunk.id;
  const onSecond = specs.filter((s) => s.line === 15);
  assert.deepEqual(onSecond[0]!.command, { id: DECIDE_COMMAND, args: [{ kind: 'hunk', taskId: 't1', path: 'src/x.js', hunkId }, 'accepted'] });
  assert.deepEqual(onSecond[1]!.command, { id: DECIDE_COMMAND, args: [{ kind: 'hunk', taskId: 't1', path: 'src/x.js', hunkId }, 'rejected'] });
  assert.deepEqual(onSecond[2]!.command, { id: REQUEST_CHANGES_COMMAND, args: [{ scope: { kind: 'hunk', taskId: 't1', path: 'src/x.js', hunkId } }] });
  assert.match(onSecond[0]!.tooltip ?? '', /Alt\+Y/);
  const fileReject = specs.find((s) => s.line === 0 && s.title === 'Reject File');
  assert.deepEqual(fileReject?.command, { id: DECIDE_COMMAND, args: [{ kind: 'file', taskId: 't1', path: 'src/x.js' }, 'rejected'] });
});

test('a decision reads first in its row, as "✓ Accepted — Undo", and its Undo makes it undecided', () => {
  const specs = fileLensSpecs(file(BEFORE, AFTER, ['accepted', 'rejected']), TASK);
  assert.deepEqual(rows(specs), {
    0: 'Accept File | Reject File | Request Changes… | 1 of 2 changes accepted, 1 rejected | t1 backend — Coerce arguments to numbers',
    4: '✓ Accepted — Undo | Reject | Request Changes…',
    15: '✗ Rejected — Undo | Accept | Request Changes…',
  });
  const undo = specs.find((s) => s.title === '✗ Rejected — Undo');
  assert.equal(undo?.command?.args[1], 'undecided');
  const all = rows(fileLensSpecs(file(BEFORE, AFTER, ['accepted', 'accepted']), TASK));
  assert.equal(all[0], '✓ File accepted — Undo | Reject File | Request Changes… | 2 of 2 changes accepted | t1 backend — Coerce arguments to numbers');
});

test('a created file has one row: its only hunk is the file', () => {
  assert.deepEqual(rows(fileLensSpecs(file(undefined, 'a\nb\n', ['rejected']), TASK)), {
    0: '✗ File rejected — Undo | Accept File | Request Changes… | 0 of 1 change accepted, 1 rejected | t1 backend — Coerce arguments to numbers',
  });
});

test('a hunk on line 0 of a file with more hunks shares the file\'s row, named', () => {
  const after = BEFORE.replace('line 0\n', 'line zero\n').replace('line 15\n', 'line fifteen\n');
  assert.deepEqual(rows(fileLensSpecs(file(BEFORE, after), TASK)), {
    0: 'Accept File | Reject File | Request Changes… | 0 of 2 changes accepted | change 1 of 2: | Accept | Reject | Request Changes… | t1 backend — Coerce arguments to numbers',
    15: 'Accept | Reject | Request Changes…',
  });
});
