import assert from 'node:assert/strict';
import { test } from 'node:test';
import { undoSummary } from '../../../src/vscode/diff/undoSummary';

const file = (path: string, action: 'created' | 'modified' | 'deleted') => ({ path, action, merged: false });

test('an Undo of a whole apply says what it restored, removed and brought back', () => {
  const files = [file('a.js', 'modified'), file('b.js', 'modified'), file('c.js', 'modified'), file('test/new.test.js', 'created')];
  assert.equal(undoSummary(files, 'undo'), "Undid Squad's apply: 3 files restored, 1 created file removed. Redo brings it back; the review counts it as rolled back.");
  assert.equal(undoSummary([file('a.js', 'modified'), file('old.js', 'deleted'), file('x.js', 'created'), file('y.js', 'created')], 'undo'), "Undid Squad's apply: 1 file restored, 2 created files removed, 1 deleted file brought back. Redo brings it back; the review counts it as rolled back.");
});

test('a Redo says the apply is back', () => {
  assert.equal(undoSummary([file('a.js', 'modified'), file('n.js', 'created')], 'redo'), "Redid Squad's apply: 1 file changed again, 1 created file back. The review counts it as applied again.");
});
