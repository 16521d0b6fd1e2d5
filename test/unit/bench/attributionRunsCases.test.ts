import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { finalFiles, layerTasks, loadCases, type LoadedCase } from '../../../bench/attributionRuns/cases';
import { assertOwnCasesApply } from './ownCases';
import { materialise } from '../../../bench/attributionRuns/materialise';

// The corpus of bench/attribution-runs: every case parses, and the edits of every case on our
// own code apply exactly (npm and Debian cases need their packages: validate.ts runs those).


test('every case of the corpus parses and names a sound expectation', async () => {
  const cases = await loadCases();
  assert.ok(cases.length >= 75, `the corpus has ${cases.length} cases`);
  for (const setting of ['source-only', 'qa-tests', 'baseline']) {
    assert.ok(cases.filter((c) => c.setting === setting).length >= 25, `at least 25 ${setting} cases`);
  }
  assert.ok(cases.filter((c) => c.origin !== 'own').length * 3 >= cases.length, 'a third of the cases run real open-source code');
});

test("the edits of every own-code case apply, with and without the owner's change", async () => {
  await assertOwnCasesApply();
});

async function tempCase(caseJson: object, base: Record<string, string>, taskFiles: Record<string, string> = {}): Promise<{ dir: string; c: LoadedCase }> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-corpus-test-'));
  const dir = path.join(root, 'cases', 'demo');
  for (const [rel, content] of Object.entries({ ...prefixed('base', base), ...prefixed('tasks', taskFiles), 'case.json': JSON.stringify(caseJson) })) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), content);
  }
  try {
    const [c] = await loadCases(path.join(root, 'cases'));
    assert.ok(c);
    return { dir: root, c };
  } catch (err) {
    await fs.rm(root, { recursive: true, force: true });
    throw err;
  }
}

const prefixed = (prefix: string, files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([k, v]) => [`${prefix}/${k}`, v]));

const demo = (tasks: object[], expected: object = { kind: 'routed', owner: 'backend-1' }) => ({
  id: 'demo',
  setting: 'source-only',
  runner: 'node-test',
  command: 'node --test',
  origin: 'own',
  bug: 'logic-assertion',
  description: 'a demo',
  tasks,
  expected,
});

test('tasks layer in order: a later edit applies to the file as the earlier task left it; fix and omit revert the bug', async () => {
  const { dir, c } = await tempCase(
    demo([
      { id: 'backend-1', role: 'backend', edits: [{ path: 'src/a.js', search: 'return 1;', replace: 'return 2;' }], fix: [{ path: 'src/a.js', search: 'return 2;', replace: 'return 1;' }] },
      { id: 'frontend-1', role: 'frontend', edits: [{ path: 'src/a.js', search: 'function b() {', replace: 'function b() { // checked' }], files: ['src/new.js'] },
    ]),
    { 'src/a.js': 'function a() { return 1; }\nfunction b() { return 3; }\n' },
    { 'frontend-1/src/new.js': 'export const x = 1;\n' },
  );
  try {
    const read = (rel: string) => fs.readFile(path.join(c.dir, 'base', rel), 'utf8').catch(() => undefined);
    const tasks = await layerTasks(c, read);
    assert.deepEqual(tasks.map((t) => t.files.map((f) => f.path)), [['src/a.js'], ['src/new.js', 'src/a.js']]);
    assert.equal(finalFiles(tasks).find((f) => f.path === 'src/a.js')?.content, 'function a() { return 2; }\nfunction b() { // checked return 3; }\n');
    const fixed = finalFiles(await layerTasks(c, read, { fixed: new Set(['backend-1']) }));
    assert.equal(fixed.find((f) => f.path === 'src/a.js')?.content, 'function a() { return 1; }\nfunction b() { // checked return 3; }\n');
    const omitted = await layerTasks(c, read, { omit: new Set(['backend-1']) });
    assert.deepEqual(omitted.map((t) => t.id), ['frontend-1']);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('an edit whose search text does not occur exactly once fails loudly', async () => {
  const { dir, c } = await tempCase(demo([{ id: 'backend-1', role: 'backend', edits: [{ path: 'src/a.js', search: 'x', replace: 'y' }] }, { id: 'qa-1', role: 'qa', files: [] }]), { 'src/a.js': 'x + x\n' });
  try {
    await assert.rejects(layerTasks(c, (rel) => fs.readFile(path.join(c.dir, 'base', rel), 'utf8')), /occurs 2 times \(expected once\)/);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('a case whose expectation contradicts its setting is refused', async () => {
  await assert.rejects(tempCase(demo([{ id: 'backend-1', role: 'backend' }, { id: 'qa-1', role: 'qa' }], { kind: 'pre-existing' }), { 'a.js': '' }), /baseline cases, and only they/);
});

test('a materialised workspace is a git repository with one commit holding the base files', async () => {
  const { dir, c } = await tempCase(demo([{ id: 'backend-1', role: 'backend' }, { id: 'qa-1', role: 'qa' }]), { 'src/a.js': 'module.exports = 1;\n', 'test/a.test.js': '' });
  const ws = await materialise(c, path.join(dir, 'cache'));
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ws.root, encoding: 'utf8' });
    assert.equal(git('rev-list', '--count', 'HEAD').trim(), '1');
    assert.deepEqual(git('ls-files').trim().split('\n').sort(), ['.gitignore', 'src/a.js', 'test/a.test.js']);
    assert.equal(git('status', '--porcelain').trim(), '');
    assert.equal(await ws.readBase('src/a.js'), 'module.exports = 1;\n');
  } finally {
    await ws.dispose();
    await fs.rm(dir, { recursive: true, force: true });
  }
  assert.equal(await fs.stat(ws.root).catch(() => undefined), undefined);
});
