import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { attributeOutput, benchChanges, CORPUS_DIR, type CorpusCase } from '../../../../bench/attribution';
import { type AttributionContext, type ChangedFile, attributeFailures } from '../../../../src/core/testing/attribute';
import { isDependencyPath, isTestPath, parseRawPath, WorkspacePaths } from '../../../../src/core/testing/paths';
import { directImports } from '../../../../src/core/testing/imports';
import type { StackFrame, TestFailure, TestReport } from '../../../../src/core/testing/types';
import { createFsWorkspace } from '../../../../src/node/fsWorkspace';
import { makeTempWorkspace } from '../../../support/tempWorkspace';

/** A small polyglot project: a TS service, a Python package and a Go module side by side. */
const FILES: Record<string, string> = {
  'package.json': '{"name":"shop"}',
  'src/db/users.ts': 'export function createUser(name: string) {\n  if (!name) throw new Error("name");\n  return { id: 1, name };\n}\n',
  'src/util/format.ts': 'export function formatName(n: string) {\n  return n.trim();\n}\n',
  'src/util/slug.ts': 'export const slugify = (s: string) => s.toLowerCase();\n',
  'src/api/handler.ts': "import { createUser } from '../db/users';\nexport function handle(n: string) {\n  return createUser(n);\n}\n",
  'test/users.test.ts': "import { createUser } from '../src/db/users';\nimport { formatName } from '../src/util/format';\n\nit('creates', () => {\n  expect(createUser(formatName(' a '))).toEqual({});\n});\n",
  'test/text.test.ts': "import { formatName } from '../src/util/format';\nimport { slugify } from '../src/util/slug.js';\n\nit('slugs', () => {\n  const name = formatName('A');\n  expect(slugify(name)).toBe('a');\n});\n",
  'test/api.test.ts': "import { handle } from '../src/api/handler';\nit('handles', () => {\n  expect(handle('x')).toBeTruthy();\n});\n",
  'node_modules/expect/build/index.js': 'module.exports = {};\n',
  'shop/__init__.py': '',
  'shop/pricing.py': 'def apply_discount(total, pct):\n    return total + total * pct // 100\n',
  'shop/service.py': 'from shop.pricing import apply_discount\n\ndef place(total):\n    return apply_discount(total, 10)\n',
  'shop/repo.py': 'def save(x):\n    raise KeyError(x)\n',
  'tests/test_pricing.py': 'from shop.pricing import apply_discount\nfrom shop import service\n\ndef test_apply_discount():\n    assert apply_discount(100, 10) == 90\n',
  'go.mod': 'module example.com/shop\n\ngo 1.21\n',
  'money/money.go': 'package money\n\nfunc ApplyDiscount(c, p int) int { return c + c*p/100 }\n',
  'money/format.go': 'package money\n\nfunc Format(c int) string { return "" }\n',
  'money/money_test.go': 'package money\n\nimport "testing"\n\nfunc TestApplyDiscount(t *testing.T) {\n\tif got := ApplyDiscount(100, 10); got != 90 {\n\t\tt.Errorf("got %d", got)\n\t}\n}\n',
  'order/service.go': 'package order\n\nimport "example.com/shop/money"\n\nfunc Total(c int) int { return money.ApplyDiscount(c, 5) }\n',
  'order/service_test.go': 'package order\n\nimport (\n\t"testing"\n\t"example.com/shop/money"\n)\n\nfunc TestTotal(t *testing.T) {\n\t_ = money.Format(1)\n\tif Total(100) != 95 {\n\t\tt.Error("bad")\n\t}\n}\n',
};

const failure = (test: string, stack: StackFrame[], testFile?: string, message = 'Error: boom'): TestFailure => ({
  test,
  message,
  stack,
  ...(testFile === undefined ? {} : { testFile }),
});

const report = (...failures: TestFailure[]): TestReport => ({ format: 'unknown', passed: 0, failed: failures.length, skipped: 0, failures, rawTail: '' });

describe('attributeFailures', () => {
  let ws: Awaited<ReturnType<typeof makeTempWorkspace>>;
  before(async () => {
    ws = await makeTempWorkspace(FILES);
  });
  after(async () => {
    await ws.dispose();
  });

  const ctx = (changes: Record<string, string | ChangedFile>, owners: Record<string, string> = {}): AttributionContext => ({
    workspace: createFsWorkspace(ws.root),
    changedFiles: new Map(Object.entries(changes).map(([f, c]) => [f, typeof c === 'string' ? { taskId: c } : c])),
    testFileOwners: new Map(Object.entries(owners)),
  });
  const one = async (f: TestFailure, c: AttributionContext) => {
    const [a] = await attributeFailures(report(f), c);
    assert.ok(a);
    return a;
  };

  it('follows the innermost stack frame in a changed source file, printed from a foreign scratch copy', async () => {
    const f = failure('creates', [
      { file: '/tmp/squad-scratch-91/node_modules/expect/build/index.js', line: 10 },
      { file: '/tmp/squad-scratch-91/src/db/users.ts', line: 2, column: 9, fn: 'createUser' },
      { file: '/tmp/squad-scratch-91/test/users.test.ts', line: 5 },
    ], '/tmp/squad-scratch-91/test/users.test.ts');
    const a = await one(f, ctx({ 'src/db/users.ts': 't1', 'src/util/format.ts': 't2' }));
    assert.equal(a.file, 'src/db/users.ts');
    assert.equal(a.kind, 'routed');
    assert.equal(a.taskId, 't1');
    assert.equal(a.line, 2);
    assert.equal(a.testFile, 'test/users.test.ts');
    assert.ok(a.confidence >= 0.9, `confidence ${a.confidence}`);
    assert.match(a.reason, /src\/db\/users\.ts:2/);
  });

  it('resolves Windows paths and file:// URLs by their suffix', async () => {
    const win = failure('creates', [{ file: 'C:\\Users\\me\\AppData\\Local\\Temp\\squad-7\\src\\db\\users.ts', line: 2 }]);
    assert.equal((await one(win, ctx({ 'src/db/users.ts': 't1' }))).file, 'src/db/users.ts');
    const url = failure('creates', [{ file: 'file:///tmp/run%20one/src/db/users.ts:2:9' }]);
    const a = await one(url, ctx({ 'src/db/users.ts': 't1' }));
    assert.equal(a.file, 'src/db/users.ts');
    assert.equal(a.line, 2, 'the :line:col glued to the URL is read');
  });

  it('prefers the changed frame on a changed line over an earlier changed frame', async () => {
    const f = failure('handles', [
      { file: 'src/db/users.ts', line: 2 },
      { file: 'src/api/handler.ts', line: 3 },
      { file: 'test/api.test.ts', line: 3 },
    ], 'test/api.test.ts');
    const a = await one(f, ctx({ 'src/db/users.ts': { taskId: 't1', changedLines: [40] }, 'src/api/handler.ts': { taskId: 't2', changedLines: [3] } }));
    assert.equal(a.file, 'src/api/handler.ts');
    assert.equal(a.taskId, 't2');
    assert.match(a.reason, /on a line t2 wrote/);
  });

  it('skips an unchanged innermost frame for a changed one further out', async () => {
    const f = failure('handles', [
      { file: 'src/db/users.ts', line: 2 },
      { file: 'src/api/handler.ts', line: 3 },
    ], 'test/api.test.ts');
    const a = await one(f, ctx({ 'src/api/handler.ts': 't2' }));
    assert.equal(a.file, 'src/api/handler.ts');
    assert.ok(a.confidence < 0.9, 'not the innermost frame: less sure');
  });

  it('falls back to the changed files the test imports when the stack is all node_modules and the test', async () => {
    const f = failure('creates', [
      { file: '/ci/work/node_modules/expect/build/index.js', line: 10 },
      { file: '/ci/work/test/users.test.ts', line: 5 },
    ], 'test/users.test.ts');
    const a = await one(f, ctx({ 'src/db/users.ts': 't1', 'src/util/slug.ts': 't3' }));
    assert.equal(a.file, 'src/db/users.ts');
    assert.equal(a.kind, 'routed');
    assert.equal(a.taskId, 't1');
    assert.deepEqual(a.evidence, { file: 'test/users.test.ts', line: 5 });
    assert.match(a.reason, /imports src\/db\/users\.ts/);
  });

  it('picks, among several changed imports, the one defining what the failing line calls', async () => {
    // text.test.ts imports format.ts and slug.js (→ slug.ts); line 6 calls slugify().
    const f = failure('slugs', [{ file: 'test/text.test.ts', line: 6 }], 'test/text.test.ts');
    const a = await one(f, ctx({ 'src/util/format.ts': 't1', 'src/util/slug.ts': 't2' }));
    assert.equal(a.file, 'src/util/slug.ts');
    assert.match(a.reason, /defines slugify/);
  });

  it('prefers the import whose change touches a function the failing test calls', async () => {
    const f = failure('slugs', [{ file: 'test/text.test.ts', line: 6 }], 'test/text.test.ts');
    const a = await one(f, ctx({ 'src/util/format.ts': { taskId: 't1', changedLines: [2] }, 'src/util/slug.ts': { taskId: 't2', changedLines: [40] } }));
    assert.equal(a.file, 'src/util/format.ts');
    assert.match(a.reason, /change touches formatName/);
  });

  it('follows imports transitively', async () => {
    const f = failure('handles', [{ file: 'test/api.test.ts', line: 3 }], 'test/api.test.ts');
    const a = await one(f, ctx({ 'src/db/users.ts': 't1' }));
    assert.equal(a.file, 'src/db/users.ts');
    assert.match(a.reason, /through 2 imports/);
  });

  it('routes a failing test that QA wrote back to QA, even when it imports changed files', async () => {
    const f = failure('creates', [{ file: 'node_modules/expect/build/index.js' }, { file: 'test/users.test.ts', line: 5 }], 'test/users.test.ts');
    const a = await one(f, ctx({ 'src/db/users.ts': 't1' }, { 'test/users.test.ts': 'qa1' }));
    assert.equal(a.file, 'test/users.test.ts');
    assert.equal(a.kind, 'routed');
    assert.equal(a.taskId, 'qa1');
  });

  it('sends an assertion in a QA test to the other task whose change touches the function it calls', async () => {
    // The QA test is the spec: users.test.ts line 5 calls createUser, whose body t1 changed.
    const f = failure('creates', [{ file: 'test/users.test.ts', line: 5 }], 'test/users.test.ts', 'AssertionError: expected 1 to equal 2');
    const changes = { 'src/db/users.ts': { taskId: 't1', changedLines: [2] }, 'test/users.test.ts': { taskId: 'qa1', changedLines: [1, 2, 3, 4, 5, 6] } };
    const a = await one(f, ctx(changes, { 'test/users.test.ts': 'qa1' }));
    assert.equal(a.file, 'src/db/users.ts');
    assert.equal(a.taskId, 't1');
    assert.match(a.reason, /change touches createUser/);
    // A mistake in the test's own code stays with QA, whatever else changed.
    const typo = failure('creates', [{ file: 'test/users.test.ts', line: 5 }], 'test/users.test.ts', 'ReferenceError: stor is not defined');
    assert.equal((await one(typo, ctx(changes, { 'test/users.test.ts': 'qa1' }))).taskId, 'qa1');
  });

  it('calls a frame in a file no task changed pre-existing', async () => {
    const f = failure('creates', [{ file: '/elsewhere/src/util/format.ts', line: 2 }, { file: '/elsewhere/test/users.test.ts', line: 5 }]);
    const a = await one(f, ctx({ 'src/util/slug.ts': 't1' }));
    assert.equal(a.file, 'src/util/format.ts');
    assert.equal(a.kind, 'pre-existing');
    assert.equal(a.taskId, undefined);
    assert.equal(a.testFile, 'test/users.test.ts', 'the test file comes from the test frame');
  });

  it('routes a crash in an unchanged file to the changed file the test imports, less surely', async () => {
    const f = failure('creates', [{ file: '/elsewhere/src/util/format.ts', line: 2 }, { file: '/elsewhere/test/users.test.ts', line: 5 }]);
    const a = await one(f, ctx({ 'src/db/users.ts': 't1' }));
    assert.equal(a.file, 'src/db/users.ts');
    assert.equal(a.kind, 'routed');
    assert.ok(a.confidence < 0.75);
    assert.match(a.reason, /thrown in unchanged src\/util\/format\.ts:2/);
  });

  it('falls back to the pre-existing test file when nothing it imports changed', async () => {
    const f = failure('creates', [{ file: 'test/users.test.ts', line: 5 }], 'test/users.test.ts');
    const a = await one(f, ctx({ 'shop/repo.py': 't1' }));
    assert.equal(a.file, 'test/users.test.ts');
    assert.equal(a.kind, 'pre-existing');
  });

  it('says unknown, with confidence 0, when nothing points at the workspace', async () => {
    const f = failure('ghost', [{ file: '/usr/lib/node_modules/x/index.js', line: 1 }, { file: 'node:internal/process/task_queues', line: 95 }], 'spec/ghost.test.ts');
    const a = await one(f, ctx({ 'src/db/users.ts': 't1' }));
    assert.equal(a.kind, 'unknown');
    assert.equal(a.file, undefined);
    assert.equal(a.confidence, 0);
  });

  it('reads a file named in the message when the stack is only the parser (a SyntaxError)', async () => {
    const f = failure('Test suite failed to run', [{ file: '../node_modules/@babel/parser/src/tokenizer/index.ts', line: 1563 }], 'test/users.test.ts',
      'SyntaxError: /tmp/squad-x/src/db/users.ts: Unexpected token (2:5)');
    const a = await one(f, ctx({ 'src/db/users.ts': 't1', 'src/util/format.ts': 't2' }));
    assert.equal(a.file, 'src/db/users.ts');
    assert.equal(a.taskId, 't1');
  });

  it('uses the changed files of the package for a Go assertion that names only the _test.go line', async () => {
    const f = failure('TestApplyDiscount', [{ file: 'money_test.go', line: 7 }], undefined, 'money_test.go:7: got 110');
    const a = await one(f, ctx({ 'money/money.go': 't1', 'order/service.go': 't2' }));
    assert.equal(a.testFile, 'money/money_test.go');
    assert.equal(a.file, 'money/money.go');
    assert.equal(a.taskId, 't1');
  });

  it('finds the Go package from its import path and the test by its name when no file is printed', async () => {
    const f = failure('TestTotal', [], 'example.com/shop/order', 'bad');
    const a = await one(f, ctx({ 'order/service.go': 't2', 'src/db/users.ts': 't1' }));
    assert.equal(a.testFile, 'order/service_test.go');
    assert.equal(a.file, 'order/service.go');
    assert.equal(a.taskId, 't2');
  });

  it('finds a Go package of a module nested in a subfolder', async () => {
    const nested = await makeTempWorkspace({
      'backend/go.mod': 'module example.com/api\n',
      'backend/users/users.go': 'package users\n\nfunc Create() {}\n',
      'backend/users/users_test.go': 'package users\n\nimport "testing"\n\nfunc TestCreate(t *testing.T) { t.Error("x") }\n',
    });
    try {
      const c: AttributionContext = { workspace: createFsWorkspace(nested.root), changedFiles: new Map([['backend/users/users.go', { taskId: 't1' }]]) };
      const [a] = await attributeFailures(report(failure('TestCreate', [], 'example.com/api/users', 'x')), c);
      assert.equal(a?.testFile, 'backend/users/users_test.go');
      assert.equal(a?.file, 'backend/users/users.go');
    } finally {
      await nested.dispose();
    }
  });

  it('prefers the function the Go test exercises among the package files', async () => {
    const f = failure('TestApplyDiscount', [{ file: 'money_test.go', line: 7 }], 'money_test.go');
    const a = await one(f, ctx({ 'money/format.go': 't1', 'money/money.go': 't2' }));
    assert.equal(a.file, 'money/money.go');
  });

  it('skips GOROOT frames of a Go panic', async () => {
    const f = failure('TestTotal', [
      { file: '/usr/lib/go-1.19/src/runtime/panic.go', line: 884 },
      { file: '/tmp/squad-corpus/x/money/money.go', line: 3 },
      { file: '/tmp/squad-corpus/x/order/service.go', line: 5 },
      { file: '/tmp/squad-corpus/x/order/service_test.go', line: 10 },
      { file: '/usr/local/go/src/testing/testing.go', line: 1446 },
    ]);
    const a = await one(f, ctx({ 'money/money.go': 't1', 'order/service.go': 't2' }));
    assert.equal(a.file, 'money/money.go');
    assert.equal(a.testFile, 'order/service_test.go');
  });

  it('takes the innermost Python frame (parsers order tracebacks innermost first) and follows Python imports', async () => {
    const tb = failure('tests/test_pricing.py::test_apply_discount', [
      { file: 'shop/pricing.py', line: 2 },
      { file: 'shop/service.py', line: 4 },
      { file: 'tests/test_pricing.py', line: 5 },
    ], 'tests/test_pricing.py');
    assert.equal((await one(tb, ctx({ 'shop/service.py': 't1', 'shop/pricing.py': 't2' }))).file, 'shop/pricing.py');
    const assertion = failure('tests/test_pricing.py::test_apply_discount', [{ file: 'tests/test_pricing.py', line: 5 }], 'tests/test_pricing.py');
    const a = await one(assertion, ctx({ 'shop/pricing.py': 't2', 'shop/repo.py': 't3' }));
    assert.equal(a.file, 'shop/pricing.py');
    assert.equal(a.taskId, 't2');
  });

  it('attributes every failure of a report, in order', async () => {
    const all = await attributeFailures(
      report(failure('a', [{ file: 'src/db/users.ts', line: 2 }]), failure('b', [{ file: 'nowhere/x.ts', line: 1 }])),
      ctx({ 'src/db/users.ts': 't1' }),
    );
    assert.deepEqual(all.map((a) => a.kind), ['routed', 'unknown']);
  });
});

describe('paths', () => {
  it('normalises printed paths to segments', () => {
    assert.deepEqual(parseRawPath('file:///C:/work/src/a.ts:3:4'), { segments: ['work', 'src', 'a.ts'], line: 3 });
    assert.deepEqual(parseRawPath('C:\\work\\src\\a.ts').segments, ['work', 'src', 'a.ts']);
    assert.deepEqual(parseRawPath('./src/../lib/b.py').segments, ['lib', 'b.py']);
    assert.deepEqual(parseRawPath('../node_modules/x.js').segments, ['node_modules', 'x.js']);
  });

  it('knows dependency and test paths', () => {
    for (const dep of ['/a/node_modules/x/y.js', 'node:internal/timers', '/usr/lib/python3.11/site-packages/_pytest/x.py', '/usr/local/go/src/testing/testing.go', '/home/u/go/pkg/mod/github.com/x/y.go', '<frozen importlib._bootstrap>']) {
      assert.ok(isDependencyPath(dep), dep);
    }
    for (const own of ['src/internal/x.ts', 'internal/users/users.go', '/tmp/w/shop/service.py']) assert.ok(!isDependencyPath(own), own);
    for (const t of ['test/a.js', 'src/a.test.ts', 'pkg/a_test.go', 'tests/test_a.py', 'conftest.py', 'src/__tests__/a.tsx']) assert.ok(isTestPath(t), t);
    for (const s of ['src/a.ts', 'pkg/a.go', 'shop/testing_utils.py', 'src/contest.ts']) assert.ok(!isTestPath(s), s);
  });

  it('refuses to guess between two equally good matches', async () => {
    const ws = await makeTempWorkspace({ 'a/x_test.go': '', 'b/x_test.go': '', 'b/y.go': '' });
    try {
      const paths = new WorkspacePaths(createFsWorkspace(ws.root));
      assert.equal(await paths.resolve('x_test.go'), undefined);
      assert.equal(await paths.resolve('x_test.go', 'b'), 'b/x_test.go');
      assert.equal(await paths.resolve('/foreign/b/x_test.go'), 'b/x_test.go');
      assert.equal(await paths.resolve('/foreign/c/y.go'), undefined, 'a folder that matches nothing means another file');
    } finally {
      await ws.dispose();
    }
  });

  it('reads JS, Python and Go imports', async () => {
    const ws = await makeTempWorkspace(FILES);
    try {
      const paths = new WorkspacePaths(createFsWorkspace(ws.root));
      assert.deepEqual(await directImports(paths, 'test/text.test.ts'), ['src/util/format.ts', 'src/util/slug.ts']);
      assert.deepEqual((await directImports(paths, 'tests/test_pricing.py')).sort(), ['shop/__init__.py', 'shop/pricing.py', 'shop/service.py']);
      assert.deepEqual((await directImports(paths, 'order/service_test.go')).sort(), ['money/format.go', 'money/money.go', 'order/service.go']);
    } finally {
      await ws.dispose();
    }
  });
});

/**
 * The real outputs of test/fixtures/test-corpus, with the buggy file changed by task "bug" and
 * the files the test reaches first changed by other tasks (as in bench/attribution.ts). Asserted
 * only where the evidence is unambiguous: the output names the buggy file (a frame, a message),
 * the bug is in the test itself, or the buggy file is the only changed file the test imports.
 * The overall figure is the benchmark's business, not a test's.
 */
describe('attribution on the corpus of real test outputs', () => {
  const cases = readCorpusSync();
  it('has cases to check', () => {
    assert.ok(cases.length > 0, 'test/fixtures/test-corpus holds cases');
  });
  for (const c of cases) {
    it(`${c.name}: ${c.buggyFile}`, async () => {
      const changes = await benchChanges(c);
      const paths = new WorkspacePaths(createFsWorkspace(path.join(c.dir, 'project')));
      const imported = (await directImports(paths, c.testFile)).filter((f) => changes.has(f));
      const onlyImport = imported.length === 1 && imported[0] === c.buggyFile;
      let checked = 0;
      for (const [reporter, file] of Object.entries(c.outputs)) {
        const text = readFileSync(path.join(c.dir, file), 'utf8');
        if (!(text.includes(c.buggyFile) || c.buggyFile === c.testFile || onlyImport)) continue;
        const { first } = await attributeOutput(c, reporter, changes);
        assert.equal(first?.file, c.buggyFile, `${c.name}/${reporter}: ${first?.reason ?? 'no failure parsed'}`);
        assert.equal(first?.taskId, 'bug');
        assert.equal(first?.kind, 'routed');
        checked++;
      }
      if (checked === 0) assert.ok(Object.keys(c.outputs).length > 0, 'only ambiguous outputs: nothing asserted beyond their presence');
    });
  }
});

function readCorpusSync(): CorpusCase[] {
  if (!existsSync(CORPUS_DIR)) return [];
  const out: CorpusCase[] = [];
  for (const name of readdirSync(CORPUS_DIR).sort()) {
    const file = path.join(CORPUS_DIR, name, 'case.json');
    if (!existsSync(file)) continue;
    out.push({ ...(JSON.parse(readFileSync(file, 'utf8')) as Omit<CorpusCase, 'dir' | 'name'>), dir: path.join(CORPUS_DIR, name), name });
  }
  return out;
}
