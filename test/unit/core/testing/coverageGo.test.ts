/**
 * Go coverage of real `go test ./...` runs in the sandbox: GOFLAGS adds -coverprofile, the one
 * profile is split by package, import paths map to workspace files through go.mod.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { goCoverageEnv, goFileToRel, goModulePath, parseGoCoverProfile } from '../../../../src/core/testing/coverage/go';
import { coverageExecution, failuresOf, requireGo, runBoth, sandboxMode, sorted } from '../../../support/coverageRuns';
import { makeTempWorkspace } from '../../../support/tempWorkspace';

const MONEY = [
  'package money', //               1
  '',
  'func Add(a, b int) int {', //     3
  '\tif a > 10 {', //                4
  '\t\treturn a - b', //             5
  '\t}',
  '\treturn a + b + 1', //           7  the change under suspicion
  '}',
  '',
  'func Unused() int {', //         10
  '\treturn 42', //                 11
  '}',
  '',
].join('\n');

const MONEY_TEST = 'package money\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif got := Add(1, 2); got != 3 {\n\t\tt.Fatalf("Add(1, 2) = %d, want 3", got)\n\t}\n}\n';
const REPORT = 'package report\n\nimport "strings"\n\nfunc Title(s string) string {\n\treturn strings.ToUpper(s)\n}\n';
const REPORT_TEST = 'package report\n\nimport "testing"\n\nfunc TestTitle(t *testing.T) {\n\tif Title("a") != "A" {\n\t\tt.Fatal("no")\n\t}\n}\n';
// Only with the user's own GOFLAGS (-tags=squadtag): proves ours are added to theirs, not put in their place.
const TAGGED_TEST = '//go:build squadtag\n\npackage money\n\nimport "testing"\n\nfunc TestTagged(t *testing.T) {\n\tif Unused() != 41 {\n\t\tt.Fatal("tagged")\n\t}\n}\n';

const STORE = 'package store\n\nimport "example.com/shop/money"\n\nfunc Total(xs []int) int {\n\tt := 0\n\tfor _, x := range xs {\n\t\tt = money.Add(t, x)\n\t}\n\treturn t\n}\n';
const STORE_TEST = 'package store\n\nimport "testing"\n\nfunc TestTotal(t *testing.T) {\n\tif got := Total([]int{1, 2}); got != 3 {\n\t\tt.Fatalf("Total = %d, want 3", got)\n\t}\n}\n';

describe('go test with coverage, in the sandbox', () => {
  it('one profile, split by package: the failing package ran the changed line, not the other branch or the unused function; each package saw only its own code', async () => {
    await requireGo();
    const mode = await sandboxMode();
    const ws = await makeTempWorkspace({
      'go.mod': 'module example.com/shop\n\ngo 1.19\n',
      'money/money.go': MONEY,
      'money/money_test.go': MONEY_TEST,
      'store/store.go': STORE,
      'store/store_test.go': STORE_TEST,
      'report/report.go': REPORT,
      'report/report_test.go': REPORT_TEST,
    });
    try {
      // The change under suspicion: line 7 of money.go, by one task. store's test fails through it, across packages.
      const attribution = { changedFiles: new Map([['money/money.go', { taskId: 'money-task', changedLines: [7] }]]), testFileOwners: new Map<string, string>() };
      const { covered, plain } = await runBoth(coverageExecution(ws.root, 'go test ./...', mode), attribution);
      assert.deepEqual(failuresOf(covered), failuresOf(plain), 'coverage does not change what fails');
      assert.deepEqual(covered.report.failures.map((f) => f.test).sort(), ['TestAdd', 'TestTotal']);
      const coverage = covered.coverage;
      assert.ok(coverage?.known, `coverage was collected: ${covered.result.output}`);
      assert.equal(coverage.processes.length, 3, 'one per tested package');
      const ran = coverage.executedBy('money/money_test.go', { partial: true });
      assert.deepEqual(sorted(ran?.get('money/money.go')), [3, 4, 7], 'Add ran its first block and its last line; its if-branch and Unused did not');
      const total = coverage.executedBy('store/store_test.go', { partial: true });
      assert.deepEqual(sorted(total?.get('store/store.go')), [5, 6, 7, 8, 9, 10]);
      assert.equal(total?.has('money/money.go'), false, 'store’s binary ran money.Add, but measured only its own package');
      assert.equal(coverage.measures('store/store_test.go', 'money/money.go'), false, '…so that absence says nothing');
      assert.equal(coverage.measures('store/store_test.go', 'store/store.go'), true);
      const other = coverage.executedBy('report/report_test.go', { partial: true });
      assert.deepEqual(sorted(other?.get('report/report.go')), [5, 6, 7], 'a block runs to the closing brace of its function');
      assert.deepEqual(coverage.processes.map((p) => p.failing).sort(), [false, true, true]);
      assert.equal(coverage.executedBy('store/store_test.go'), undefined, 'partial coverage is not offered as what the test ran');
      assert.equal(coverage.executedByPassing().size, 0, 'a passing package never saw the failing ones run: no contrast');
      const routed = (r: typeof covered) => r.attributions.map((a) => [a.failure.test, a.kind, a.taskId]).sort();
      assert.deepEqual(routed(covered), [['TestAdd', 'routed', 'money-task'], ['TestTotal', 'routed', 'money-task']], 'the cross-package cause is still found');
      assert.deepEqual(routed(covered), routed(plain));
    } finally {
      await ws.dispose();
    }
  });

  it("maps import paths through a nested module's go.mod, and keeps the user's GOFLAGS", async () => {
    await requireGo();
    const mode = await sandboxMode();
    const ws = await makeTempWorkspace({
      'README.md': '# a repository with a Go service in a subfolder\n',
      'services/shop/go.mod': 'module example.com/shop // the shop\n\ngo 1.19\n',
      'services/shop/money/money.go': MONEY,
      'services/shop/money/money_test.go': MONEY_TEST.replace('!= 3', '!= 4'),
      'services/shop/money/tagged_test.go': TAGGED_TEST,
    });
    try {
      const env = { ...process.env, GOFLAGS: '-tags=squadtag' };
      const { covered, plain } = await runBoth(coverageExecution(ws.root, 'cd services/shop && go test ./...', mode, env));
      assert.deepEqual(failuresOf(covered), failuresOf(plain));
      assert.deepEqual(covered.report.failures.map((f) => f.test), ['TestTagged'], 'the tagged test ran: the user’s -tags is still in GOFLAGS');
      const ran = covered.coverage?.executedBy('services/shop/money/tagged_test.go');
      assert.ok(ran, 'one package is all the Go code there is: its coverage is complete');
      assert.deepEqual(sorted(ran?.get('services/shop/money/money.go')), [3, 4, 7, 10, 11, 12], 'TestAdd and TestTagged share the package binary');
      assert.deepEqual(covered.coverage?.processes.map((p) => p.failing), [true], 'its failing test file, named by import path, is found through go.mod');
    } finally {
      await ws.dispose();
    }
  });
});

describe('go coverage pieces', () => {
  it('GOFLAGS: the user’s first, then ours; none when the path has a space (Go ≤ 1.20 splits GOFLAGS on spaces)', () => {
    assert.deepEqual(goCoverageEnv('/tmp/s/a', {}), { GOFLAGS: '-coverprofile=/tmp/s/a/go-coverage.out' });
    assert.deepEqual(goCoverageEnv('/tmp/s/a', { GOFLAGS: ' -count=1 ' }), { GOFLAGS: '-count=1 -coverprofile=/tmp/s/a/go-coverage.out' });
    assert.deepEqual(goCoverageEnv('/tmp/my dir/a', {}), {});
  });

  it('profiles: every block mode, repeated blocks, torn lines, a block no function has', () => {
    assert.equal(parseGoCoverProfile('example.com/x/a.go:1.1,2.2 1 1\n'), undefined, 'no mode line');
    const p = parseGoCoverProfile('mode: atomic\nexample.com/x/a.go:3.24,4.12 1 0\nexample.com/x/a.go:3.24,4.12 1 5\nexample.com/x/a.go:9.1,9.5 1 0\nexample.com/x/b.go:1.1,900000.2 1 1\nexample.com/x/a.go:7.2,\n');
    assert.deepEqual(sorted(p?.get('example.com/x/a.go')), [3, 4], 'ran in one of the binaries that measured it');
    assert.equal(p?.has('example.com/x/b.go'), false);
  });

  it('go.mod module paths and import paths to workspace files', () => {
    assert.equal(goModulePath('// header\nmodule "example.com/shop" // quoted\n\ngo 1.22\n'), 'example.com/shop');
    const modules = [{ path: 'example.com/shop', dir: '' }, { path: 'example.com/shop/tools', dir: 'tools' }];
    assert.equal(goFileToRel('example.com/shop/money/money.go', modules, '/t/ws/'), 'money/money.go');
    assert.equal(goFileToRel('example.com/shop/tools/gen/gen.go', modules, '/t/ws/'), 'tools/gen/gen.go', 'the longest module path wins');
    assert.equal(goFileToRel('/t/ws/cmd/main.go', modules, '/t/ws/'), 'cmd/main.go', 'files named on the command line');
    assert.equal(goFileToRel('golang.org/x/text/width.go', modules, '/t/ws/'), undefined);
  });
});
