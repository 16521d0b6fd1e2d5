import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { attributeFailures, type AttributionContext } from '../../../../src/core/testing/attribute';
import type { TestFailure, TestReport } from '../../../../src/core/testing/types';
import { createFsWorkspace } from '../../../../src/node/fsWorkspace';
import { makeTempWorkspace } from '../../../support/tempWorkspace';

/** A test that imports two changed files, one per task: the evidence cannot tell them apart. */
const FILES = {
  'package.json': '{"name":"x"}',
  'src/a.js': 'export const a = 1;\n',
  'docs/b.js': 'export const b = 2;\n',
  'test/x.test.js': "import { a } from '../src/a.js';\nimport { b } from '../docs/b.js';\nit('adds', () => {\n  expect(a + b).toBe(4);\n});\n",
};

let ws: Awaited<ReturnType<typeof makeTempWorkspace>>;
before(async () => {
  ws = await makeTempWorkspace(FILES);
});
after(async () => {
  await ws.dispose();
});

const report = (failure: TestFailure): TestReport => ({ format: 'unknown', passed: 0, failed: 1, skipped: 0, rawTail: '', failures: [failure] });
const context = (ownedBy?: AttributionContext['ownedBy']): AttributionContext => ({
  workspace: createFsWorkspace(ws.root),
  changedFiles: new Map([['src/a.js', { taskId: 'A' }], ['docs/b.js', { taskId: 'B' }]]),
  ...(ownedBy ? { ownedBy } : {}),
});
/** Task B's role owns docs/** (an agent file's `owns`). */
const docsOwnedByB = (path: string) => (path.startsWith('docs/') ? ['B'] : []);

test("with tied evidence, the failure goes to the task whose role owns the file", async () => {
  const tied: TestFailure = { test: 'adds', message: 'Error: expected 3 to be 4', stack: [], testFile: 'test/x.test.js' };
  const [plain] = await attributeFailures(report(tied), context());
  const scores = plain!.candidates!.map((c) => c.score);
  assert.equal(scores.length, 2);
  assert.equal(scores[0], scores[1], 'the evidence is tied');
  assert.equal(plain!.taskId, 'A', 'without owned globs the first changed file wins');
  const [owned] = await attributeFailures(report(tied), context(docsOwnedByB));
  assert.equal(owned!.taskId, 'B');
  assert.equal(owned!.runnerUp?.taskId, 'A');
});

test('owned globs never outweigh stronger evidence', async () => {
  const onA: TestFailure = { test: 'adds', message: 'Error: boom', stack: [{ file: 'src/a.js', line: 1 }], testFile: 'test/x.test.js' };
  const [a] = await attributeFailures(report(onA), context(docsOwnedByB));
  assert.equal(a!.taskId, 'A');
});
