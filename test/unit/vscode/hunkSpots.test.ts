/**
 * The keyboard review's pure logic (src/vscode/diff/hunkSpots.ts) on real diffs (computeFileDiff):
 * where a hunk sits on each side, which hunk the cursor is in, and where next / previous change
 * and next file go across a run's files.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeFileDiff } from '../../../src/core/changes/hunks';
import { verdictOf, type ReviewFile, type ReviewTask } from '../../../src/core/review/tree';
import type { ReviewDecision } from '../../../src/core/run/reviewEvents';
import { hunkAtCursor, hunkLines, nextChange, nextFile, runSpots, type Cursor, type FileSpots } from '../../../src/vscode/diff/hunkSpots';

const lines = (n: number, label = 'line') => Array.from({ length: n }, (_, i) => `${label} ${i}\n`).join('');

/** 30 lines; line 5 and line 25 replaced: two hunks far enough apart to stay two. */
const MATH_BEFORE = lines(30);
const MATH_AFTER = MATH_BEFORE.replace('line 5\n', 'line five\n').replace('line 25\n', 'line twenty-five\nline 25b\n');
const APP_BEFORE = lines(10);
const APP_AFTER = APP_BEFORE.replace('line 3\n', '');

function file(taskId: string, path: string, before: string | undefined, after: string | undefined, decisions: readonly ReviewDecision[] = []): ReviewFile {
  const diff = computeFileDiff(path, before, after);
  const hunks = diff.hunks.map((hunk, i) => ({ hunk, decision: decisions[i] ?? 'undecided' }));
  return { taskId, path, kind: diff.kind, added: diff.added, removed: diff.removed, base: before, proposed: after, hunks, verdict: verdictOf(hunks.map((h) => h.decision)) };
}

function task(taskId: string, files: ReviewFile[]): ReviewTask {
  return { taskId, role: 'backend', title: taskId, files, verdict: verdictOf(files.flatMap((f) => f.hunks.map((h) => h.decision))) };
}

/** t1 changes src/math.js (2 hunks), t2 changes src/app.js (1 hunk, a deletion). */
function run(math: readonly ReviewDecision[] = [], app: readonly ReviewDecision[] = []): FileSpots[] {
  return runSpots([task('t1', [file('t1', 'src/math.js', MATH_BEFORE, MATH_AFTER, math)]), task('t2', [file('t2', 'src/app.js', APP_BEFORE, APP_AFTER, app)])]);
}

const at = (taskId: string, path: string, line: number, side: Cursor['side'] = 'proposed'): Cursor => ({ taskId, path, side, line });
const where = (stop: { file: FileSpots; hunk: { hunkId: string } | undefined } | undefined) =>
  stop && `${stop.file.path}#${stop.hunk ? stop.file.hunks.findIndex((h) => h.hunkId === stop.hunk!.hunkId) : '-'}`;

test('a hunk sits on its changed lines: replacement, insertion, pure deletion, created and deleted files', () => {
  const [first, second] = computeFileDiff('m', MATH_BEFORE, MATH_AFTER).hunks;
  // Line 5 replaced: the change starts on line 5 of both sides; three lines of context either way.
  assert.deepEqual(hunkLines(first!), { base: { start: 2, end: 8, anchor: 5 }, proposed: { start: 2, end: 8, anchor: 5 } });
  // Line 25 became two lines: the proposed span is one longer.
  assert.deepEqual(hunkLines(second!), { base: { start: 22, end: 28, anchor: 25 }, proposed: { start: 22, end: 29, anchor: 25 } });
  // A deleted line: on the proposed side the change sits where the line was (the line after it).
  const [deletion] = computeFileDiff('a', APP_BEFORE, APP_AFTER).hunks;
  assert.deepEqual(hunkLines(deletion!), { base: { start: 0, end: 6, anchor: 3 }, proposed: { start: 0, end: 5, anchor: 3 } });
  // A created file has an empty base: its one line 0; a deleted file the same on the proposed side.
  const [created] = computeFileDiff('n', undefined, 'a\nb\n').hunks;
  assert.deepEqual(hunkLines(created!), { base: { start: 0, end: 0, anchor: 0 }, proposed: { start: 0, end: 1, anchor: 0 } });
  const [deleted] = computeFileDiff('d', 'a\nb\n', undefined).hunks;
  assert.deepEqual(hunkLines(deleted!), { base: { start: 0, end: 1, anchor: 0 }, proposed: { start: 0, end: 0, anchor: 0 } });
});

test('the hunk at the cursor: its context lines count, a line between hunks has none, either side of the diff', () => {
  const files = run();
  const [h1, h2] = files[0]!.hunks;
  assert.equal(hunkAtCursor(files, at('t1', 'src/math.js', 5))?.hunkId, h1!.hunkId);
  assert.equal(hunkAtCursor(files, at('t1', 'src/math.js', 2))?.hunkId, h1!.hunkId, 'first context line');
  assert.equal(hunkAtCursor(files, at('t1', 'src/math.js', 8))?.hunkId, h1!.hunkId, 'last context line');
  assert.equal(hunkAtCursor(files, at('t1', 'src/math.js', 9)), undefined, 'between the hunks: nothing is decided on a guess');
  assert.equal(hunkAtCursor(files, at('t1', 'src/math.js', 29))?.hunkId, h2!.hunkId, 'the proposed side is one line longer');
  assert.equal(hunkAtCursor(files, at('t1', 'src/math.js', 29, 'base')), undefined, 'the base side ends the hunk a line earlier');
  assert.equal(hunkAtCursor(files, at('t1', 'src/other.js', 5)), undefined, 'a file outside the run');
  assert.equal(hunkAtCursor(files, at('t2', 'src/math.js', 5)), undefined, 'the same path of another task');
});

test('next change: the next undecided hunk after the cursor, then the next file, wrapping at the end', () => {
  const files = run();
  assert.equal(where(nextChange(files, at('t1', 'src/math.js', 0), 1)), 'src/math.js#0');
  assert.equal(where(nextChange(files, at('t1', 'src/math.js', 5), 1)), 'src/math.js#1', 'on a hunk: the one after it');
  assert.equal(where(nextChange(files, at('t1', 'src/math.js', 25), 1)), 'src/app.js#0', 'after the last hunk: the next file');
  assert.equal(where(nextChange(files, at('t2', 'src/app.js', 3), 1)), 'src/math.js#0', 'after the run\'s last hunk: its first');
  assert.equal(where(nextChange(files, undefined, 1)), 'src/math.js#0', 'from outside the run: its first hunk');
});

test('next change skips decided hunks; when all are decided it visits them all and says so', () => {
  const someDecided = run(['accepted', 'undecided'], ['rejected']);
  assert.equal(where(nextChange(someDecided, at('t1', 'src/math.js', 0), 1)), 'src/math.js#1');
  const fromLast = nextChange(someDecided, at('t1', 'src/math.js', 25), 1);
  assert.equal(where(fromLast), 'src/math.js#1', 'the only undecided hunk, reached by wrapping');
  assert.equal(fromLast?.allDecided, false);
  const allDecided = run(['accepted', 'rejected'], ['accepted']);
  const stop = nextChange(allDecided, at('t1', 'src/math.js', 5), 1);
  assert.equal(where(stop), 'src/math.js#1');
  assert.equal(stop?.allDecided, true);
  assert.equal(nextChange([], undefined, 1), undefined, 'a run without proposals');
});

test('previous change: the undecided hunk before the cursor, the one it is inside, wrapping to the run\'s last', () => {
  const files = run();
  assert.equal(where(nextChange(files, at('t1', 'src/math.js', 27), -1)), 'src/math.js#1', 'inside a hunk past its start: that hunk');
  assert.equal(where(nextChange(files, at('t1', 'src/math.js', 25), -1)), 'src/math.js#0', 'on a hunk\'s start: the one before');
  assert.equal(where(nextChange(files, at('t2', 'src/app.js', 0), -1)), 'src/math.js#1', 'before a file\'s first hunk: the previous file');
  assert.equal(where(nextChange(files, at('t1', 'src/math.js', 5), -1)), 'src/app.js#0', 'before the run\'s first: its last');
  assert.equal(where(nextChange(files, undefined, -1)), 'src/app.js#0');
  assert.equal(where(nextChange(files, at('t1', 'src/math.js', 25, 'base'), -1)), 'src/math.js#0', 'from the base side, by its lines');
});

test('next file: the file after the cursor\'s, wrapping, at its first undecided hunk', () => {
  const files = run(['accepted', 'undecided']);
  assert.equal(where(nextFile(files, at('t1', 'src/math.js', 0), 1)), 'src/app.js#0');
  assert.equal(where(nextFile(files, at('t2', 'src/app.js', 0), 1)), 'src/math.js#1', 'wraps; the accepted first hunk is passed over');
  assert.equal(where(nextFile(run(['accepted', 'rejected']), at('t2', 'src/app.js', 0), 1)), 'src/math.js#0', 'all decided: its first hunk');
  assert.equal(where(nextFile(files, undefined, 1)), 'src/math.js#1', 'from outside the run: the first file');
  assert.equal(nextFile([], undefined, 1), undefined);
});
