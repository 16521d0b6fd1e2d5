import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CurrentFile } from '../../../../src/core/review/applyPlan';
import { planRollback, type CheckpointedFile } from '../../../../src/core/review/rollbackPlan';

const CHECKPOINT: CheckpointedFile[] = [
  { path: 'modified.txt', before: 'old\n', after: 'new\n' },
  { path: 'created.txt', before: undefined, after: 'made\n' },
  { path: 'deleted.txt', before: 'gone\n', after: undefined },
];

const now = (files: Record<string, string | undefined>) => (path: string): CurrentFile => ({ text: files[path] });

test('right after the apply, every file is brought back and nothing asks for confirmation', () => {
  const plan = planRollback(CHECKPOINT, now({ 'modified.txt': 'new\n', 'created.txt': 'made\n' }));
  assert.deepEqual(plan.steps.map((s) => [s.path, s.action, s.changedSinceApply]), [
    ['modified.txt', 'restore', false],
    ['created.txt', 'delete', false],
    ['deleted.txt', 'recreate', false],
  ]);
  assert.deepEqual(plan.changed, []);
});

test('files changed since the apply are flagged, whichever way they changed', () => {
  const plan = planRollback(CHECKPOINT, now({ 'modified.txt': 'new, edited\n', 'created.txt': undefined, 'deleted.txt': 'back again\n' }));
  assert.deepEqual(plan.steps.map((s) => [s.path, s.action, s.changedSinceApply]), [
    ['modified.txt', 'restore', true],
    // Already gone: nothing to delete, nothing to ask.
    ['created.txt', 'none', false],
    ['deleted.txt', 'restore', true],
  ]);
  assert.deepEqual(plan.changed, ['modified.txt', 'deleted.txt']);
});

test('files already holding their old text need nothing; a binary file counts as changed', () => {
  const plan = planRollback(CHECKPOINT, (p) => (p === 'modified.txt' ? { text: 'old\n' } : p === 'created.txt' ? { text: undefined, binary: true } : { text: undefined }));
  assert.deepEqual(plan.steps.map((s) => [s.path, s.action, s.changedSinceApply]), [
    ['modified.txt', 'none', false],
    ['created.txt', 'delete', true],
    ['deleted.txt', 'recreate', false],
  ]);
  assert.deepEqual(plan.changed, ['created.txt']);
});
