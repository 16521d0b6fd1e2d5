/**
 * The go test parsers on the real corpus (test/fixtures/test-corpus/go-*, made by
 * scripts/corpus/pytest-go.sh with Go 1.19): every case, text, -v and -json. What each case
 * should yield comes from its case.json, whose `expected` the script read from `go test -json`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { goJsonParser, goTextParser } from '../../../../../src/core/testing/parsers/goTest';
import { detectFormat, parseTestOutput } from '../../../../../src/core/testing/parsers/index';
import type { TestFailure } from '../../../../../src/core/testing/types';

const CORPUS = path.resolve(__dirname, '../../../../fixtures/test-corpus');
const MODULE = 'example.com/shop';

interface Case {
  id: string;
  dir: string;
  case: string;
  buggyFile: string;
  testFile: string;
  frameInBuggyFile: boolean;
  outputs: Record<string, string>;
  exitCodes: Record<string, number>;
  expected: { passed: number; failed: number; skipped: number; failures: { test: string; package: string; testFile: string | null }[] };
}

const cases: Case[] = readdirSync(CORPUS)
  .filter((d) => d.startsWith('go-') && existsSync(path.join(CORPUS, d, 'case.json')))
  .map((d) => ({ id: d, dir: path.join(CORPUS, d), ...JSON.parse(readFileSync(path.join(CORPUS, d, 'case.json'), 'utf8')) }));

/** Printed paths: absolute under /tmp/squad-corpus/<id>, relative to the module, or import-path qualified. */
const rel = (c: Case, file: string) => file.replace(`/tmp/squad-corpus/${c.id}/`, '').replace(`${MODULE}/`, '');
const isGoroot = (file: string) => /\/usr\/(?:local\/)?(?:lib\/)?go[^/]*\/src\//.test(file);
const lineCount = (c: Case, file: string) => readFileSync(path.join(c.dir, 'project', file), 'utf8').split('\n').length;

function checkFailures(c: Case, reporter: string, failures: readonly TestFailure[]) {
  const where = `${c.id} ${reporter}`;
  assert.deepEqual(failures.map((f) => f.test).sort(), c.expected.failures.map((f) => f.test).sort(), `${where}: the failing tests`);
  for (const f of failures) {
    const want = c.expected.failures.find((e) => e.test === f.test);
    assert.ok(want);
    // A build failure has no test file: the package's import path stands in, for attribution.
    assert.equal(rel(c, f.testFile ?? ''), want.testFile ?? rel(c, want.package), `${where}: test file of ${f.test}`);
    assert.ok(f.message.trim().length > 0 && f.message !== '(no message)', `${where}: a message for ${f.test}`);
    for (const frame of f.stack) {
      const file = rel(c, frame.file);
      if (existsSync(path.join(c.dir, 'project', file))) {
        assert.ok(frame.line !== undefined && frame.line >= 1 && frame.line <= lineCount(c, file), `${where}: ${file}:${frame.line}`);
      }
    }
  }
  const innermost = failures.map((f) => f.stack.find((s) => !isGoroot(s.file))).map((s) => s && rel(c, s.file));
  if (c.frameInBuggyFile) {
    assert.ok(innermost.includes(c.buggyFile), `${where}: an innermost frame in ${c.buggyFile}, got ${innermost.join(', ')}`);
  } else {
    // t.Errorf/t.Fatalf name only the _test.go line: go prints nothing of the source file that is wrong.
    assert.ok(!failures.some((f) => f.stack.some((s) => rel(c, s.file) === c.buggyFile)), `${where}: no frame in ${c.buggyFile}`);
    assert.ok(innermost.every((file) => file?.endsWith('_test.go')), `${where}: frames on _test.go lines, got ${innermost.join(', ')}`);
  }
}

describe('go test parsers on the real corpus', () => {
  it('has the cases and reporters the corpus promises', () => {
    assert.ok(cases.length >= 8, `${cases.length} go cases`);
    for (const c of cases) {
      assert.deepEqual(Object.keys(c.outputs).sort(), ['default', 'json', 'v']);
      assert.ok(existsSync(path.join(c.dir, 'project', c.buggyFile)), `${c.id}: ${c.buggyFile} exists`);
    }
  });

  for (const c of cases) {
    describe(c.id, () => {
      for (const [reporter, file] of Object.entries(c.outputs)) {
        const text = readFileSync(path.join(c.dir, file), 'utf8');
        const json = reporter === 'json';
        const parser = json ? goJsonParser : goTextParser;

        it(`${reporter}: counts, failing tests, test files, messages and frames`, () => {
          assert.ok(parser.sniff(text), 'sniffed');
          const report = parser.parse(text);
          assert.equal(report.format, json ? 'go-json' : 'go-text');
          assert.equal(report.failed, c.expected.failed);
          if (reporter === 'default') {
            // Without -v go prints nothing about passing or skipped tests.
            assert.deepEqual([report.passed, report.skipped], [0, 0]);
          } else {
            assert.deepEqual([report.passed, report.skipped], [c.expected.passed, c.expected.skipped]);
          }
          checkFailures(c, reporter, report.failures);
        });

        it(`${reporter}: is recognised and parsed through the registry`, () => {
          assert.equal(detectFormat(text), json ? 'go-json' : 'go-text');
          const report = parseTestOutput(text, { exitCode: c.exitCodes[reporter] ?? 1 });
          assert.equal(report.failed, c.expected.failed);
          assert.deepEqual(report.failures.map((f) => f.test).sort(), c.expected.failures.map((f) => f.test).sort());
        });
      }
    });
  }

  it('reads a panic two calls deep innermost first, without the recovery frames', () => {
    const c = cases.find((x) => x.case === 'deep-panic');
    assert.ok(c);
    for (const file of Object.values(c.outputs)) {
      const text: string = readFileSync(path.join(c.dir, file), 'utf8');
      const f: TestFailure | undefined = (file.endsWith('.json') ? goJsonParser : goTextParser).parse(text).failures[0];
      assert.ok(f);
      assert.deepEqual(
        f.stack.slice(0, 3).map((s) => [rel(c, s.file), s.line, s.fn]),
        [
          ['inventory/inventory.go', 48, 'example.com/shop/inventory.(*Inventory).Reserve'],
          ['order/service.go', 29, 'example.com/shop/order.(*Service).Place'],
          ['order/service_test.go', 31, 'example.com/shop/order.TestPlaceUnknownProduct'],
        ],
      );
      assert.match(f.message, /^panic: runtime error: invalid memory address or nil pointer dereference/);
      assert.equal(rel(c, f.testFile ?? ''), 'order/service_test.go');
    }
  });

  it('gives a package that failed because a dependency did not build the dependency\'s error', () => {
    const c = cases.find((x) => x.case === 'unused-import');
    assert.ok(c);
    const report = goTextParser.parse(readFileSync(path.join(c.dir, c.outputs.default ?? ''), 'utf8'));
    const order = report.failures.find((f) => f.test === `${MODULE}/order`);
    assert.deepEqual(order?.stack, [{ file: 'store/store.go', line: 5, column: 2 }]);
    assert.match(order?.message ?? '', /imported and not used: "fmt"/);
  });
});

describe('go test: what the Go 1.19 corpus does not show', () => {
  it('keeps the panic of a run cut off before its package line (killed, or output capped)', () => {
    const c = cases.find((x) => x.case === 'nil-map');
    assert.ok(c);
    const text = readFileSync(path.join(c.dir, c.outputs.default ?? ''), 'utf8');
    const cut = text.slice(0, text.indexOf('FAIL\texample.com/shop/inventory'));
    const report = goTextParser.parse(cut);
    assert.deepEqual(report.failures.map((f) => f.test), ['TestAddAndAvailable']);
    assert.equal(rel(c, report.failures[0]?.stack[0]?.file ?? ''), 'inventory/inventory.go');
    // A cut-off run with nothing failed in it says nothing failed.
    assert.equal(goTextParser.parse('=== RUN   TestA\n--- PASS: TestA (0.00s)\n=== RUN   TestB\n').failed, 0);
  });

  it('reads Go 1.24 build events (build-output, build-fail, FailedBuild)', () => {
    // As documented for cmd/test2json since Go 1.24; written by hand, not captured.
    const lines = [
      { ImportPath: 'example.com/shop/order [example.com/shop/order.test]', Action: 'build-output', Output: '# example.com/shop/order [example.com/shop/order.test]\n' },
      { ImportPath: 'example.com/shop/order [example.com/shop/order.test]', Action: 'build-output', Output: 'order/service.go:34:17: undefined: money.Discount\n' },
      { ImportPath: 'example.com/shop/order [example.com/shop/order.test]', Action: 'build-fail' },
      { Time: '2025-01-01T00:00:00Z', Action: 'start', Package: 'example.com/shop/money' },
      { Time: '2025-01-01T00:00:00Z', Action: 'run', Package: 'example.com/shop/money', Test: 'TestSum' },
      { Time: '2025-01-01T00:00:00Z', Action: 'pass', Package: 'example.com/shop/money', Test: 'TestSum', Elapsed: 0 },
      { Time: '2025-01-01T00:00:00Z', Action: 'pass', Package: 'example.com/shop/money', Elapsed: 0.01 },
      { Time: '2025-01-01T00:00:00Z', Action: 'start', Package: 'example.com/shop/order' },
      { Time: '2025-01-01T00:00:00Z', Action: 'output', Package: 'example.com/shop/order', Output: 'FAIL\texample.com/shop/order [build failed]\n' },
      { Time: '2025-01-01T00:00:00Z', Action: 'fail', Package: 'example.com/shop/order', Elapsed: 0, FailedBuild: 'example.com/shop/order [example.com/shop/order.test]' },
    ].map((e) => JSON.stringify(e)).join('\n');
    assert.equal(detectFormat(lines), 'go-json');
    const report = goJsonParser.parse(lines);
    assert.deepEqual([report.passed, report.failed], [1, 1]);
    assert.equal(report.failures[0]?.test, 'example.com/shop/order');
    assert.deepEqual(report.failures[0]?.stack, [{ file: 'order/service.go', line: 34, column: 17 }]);
  });

  it('reads -v with parallel tests (=== PAUSE/CONT/NAME), multi-line messages and a timeout', () => {
    const text = [
      '=== RUN   TestA',
      '=== PAUSE TestA',
      '=== RUN   TestB',
      '=== PAUSE TestB',
      '=== CONT  TestA',
      '=== CONT  TestB',
      '=== NAME  TestA',
      '    a_test.go:9: got:',
      '            {1 2}',
      '        want {1 3}',
      '--- FAIL: TestA (0.00s)',
      '--- PASS: TestB (0.00s)',
      'FAIL',
      'FAIL\texample.com/m/a\t0.004s',
      '=== RUN   TestSlow',
      'panic: test timed out after 1s',
      'running tests:',
      '\tTestSlow (1s)',
      '',
      'goroutine 33 [running]:',
      'testing.(*M).startAlarm.func1()',
      '\t/usr/local/go/src/testing/testing.go:2373 +0x385',
      'created by time.goFunc',
      '\t/usr/local/go/src/time/sleep.go:215 +0x2d',
      '',
      'goroutine 6 [sleep]:',
      'time.Sleep(0x12a05f200)',
      '\t/usr/local/go/src/runtime/time.go:195 +0x125',
      'example.com/m/b.Wait(...)',
      '\t/ci/m/b/b.go:7',
      'example.com/m/b.TestSlow(0xc000007860?)',
      '\t/ci/m/b/b_test.go:6 +0x1d',
      'FAIL\texample.com/m/b\t1.012s',
      'FAIL',
    ].join('\n');
    const report = goTextParser.parse(text);
    assert.deepEqual([report.passed, report.failed], [1, 2]);
    const [a, slow] = report.failures;
    assert.equal(a?.test, 'TestA');
    assert.equal(a?.testFile, 'example.com/m/a/a_test.go');
    assert.equal(a?.message, 'a_test.go:9: got:\n{1 2}\nwant {1 3}');
    assert.equal(slow?.test, 'TestSlow');
    assert.match(slow?.message ?? '', /^panic: test timed out after 1s/);
    assert.equal(slow?.testFile, '/ci/m/b/b_test.go');
    assert.ok(slow?.stack.some((s) => s.file === '/ci/m/b/b.go' && s.line === 7));
  });

  it('reports a package that fails outside any test, and go\'s own errors', () => {
    const init = goTextParser.parse('panic: config missing\n\ngoroutine 1 [running]:\nexample.com/m/c.init.0()\n\t/ci/m/c/c.go:5 +0x25\nFAIL\texample.com/m/c\t0.003s\nFAIL\n');
    assert.equal(init.failures[0]?.test, 'example.com/m/c');
    assert.equal(init.failures[0]?.message, 'panic: config missing');
    assert.deepEqual(init.failures[0]?.stack, [{ file: '/ci/m/c/c.go', line: 5, fn: 'example.com/m/c.init.0' }]);
    const noMod = goTextParser.parse('go: go.mod file not found in current directory or any parent directory; see \'go help modules\'\n');
    assert.equal(noMod.failed, 1);
    assert.match(noMod.failures[0]?.message ?? '', /^go: go\.mod file not found/);
  });
});

describe('go test parsers never throw', () => {
  const samples = [
    '',
    '\u0000\u0001\uffff',
    '--- FAIL: ',
    '--- FAIL: TestX (0.00s)\npanic: \ngoroutine 1 [running]:\n\t:\n(((((\n\t/x.go:notanumber',
    '{"Action":"output","Package":"p","Test":"T","Output":' + '"x"'.repeat(1000),
    '{"Action":"fail","Package":null,"Test":{},"Output":[]}\n{"Action":"output","Output":7}\n{}\n{"Action":"build-fail","ImportPath":3}',
    '# \n#\n' + 'x.go:1:1: y\n'.repeat(5000) + 'FAIL\t [build failed]\n',
    'goroutine 1 [running]:\n' + ')'.repeat(100_000),
    '=== RUN   T\n' + '    t_test.go:1: ' + 'm'.repeat(100_000),
  ];
  const c = cases.find((x) => x.case === 'nil-map');
  for (const file of Object.values(c?.outputs ?? {})) {
    const text = readFileSync(path.join(c?.dir ?? '', file), 'utf8');
    for (const cut of [1, 50, 700, Math.floor(text.length / 2), text.length - 2]) samples.push(text.slice(0, cut), text.slice(cut));
  }

  it('returns a report for garbage, truncated and hostile input', () => {
    for (const sample of samples) {
      for (const parser of [goJsonParser, goTextParser]) {
        const report = parser.parse(sample);
        assert.ok(report.passed >= 0 && report.failed >= report.failures.length && report.skipped >= 0);
        for (const f of report.failures) assert.equal(typeof f.message, 'string');
        assert.equal(typeof parser.sniff(sample), 'boolean');
      }
    }
  });
});
