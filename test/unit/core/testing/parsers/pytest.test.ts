/**
 * The pytest parsers on the real corpus (test/fixtures/test-corpus/pytest-*, made by
 * scripts/corpus/pytest-go.sh): every case, every reporter. What each case should yield comes
 * from its case.json, whose `expected` was read from pytest's own JUnit report by the script.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { detectFormat, parseTestOutput } from '../../../../../src/core/testing/parsers/index';
import { pytestJunitParser, pytestTextParser } from '../../../../../src/core/testing/parsers/pytest';
import { parsePythonTraceback } from '../../../../../src/core/testing/parsers/pythonFrames';
import type { TestFailure } from '../../../../../src/core/testing/types';

const CORPUS = path.resolve(__dirname, '../../../../fixtures/test-corpus');

interface Case {
  id: string;
  dir: string;
  case: string;
  description: string;
  buggyFile: string;
  testFile: string;
  frameInBuggyFile: boolean;
  outputs: Record<string, string>;
  exitCodes: Record<string, number>;
  expected: { passed: number; failed: number; skipped: number; failures: { test: string; testFile: string }[] };
}

const cases: Case[] = readdirSync(CORPUS)
  .filter((d) => d.startsWith('pytest-') && existsSync(path.join(CORPUS, d, 'case.json')))
  .map((d) => ({ id: d, dir: path.join(CORPUS, d), ...JSON.parse(readFileSync(path.join(CORPUS, d, 'case.json'), 'utf8')) }));

/** The corpus ran in /tmp/squad-corpus/<id>: printed paths are relative to it or absolute under it. */
const rel = (c: Case, file: string) => file.replace(`/tmp/squad-corpus/${c.id}/`, '');
const lineCount = (c: Case, file: string) => readFileSync(path.join(c.dir, 'project', file), 'utf8').split('\n').length;

function checkFailures(c: Case, reporter: string, failures: readonly TestFailure[]) {
  const where = `${c.id} ${reporter}`;
  assert.deepEqual(
    failures.map((f) => rel(c, f.test)).sort(),
    c.expected.failures.map((f) => f.test).sort(),
    `${where}: the failing tests`,
  );
  for (const f of failures) {
    const want = c.expected.failures.find((e) => e.test === rel(c, f.test));
    assert.equal(rel(c, f.testFile ?? ''), want?.testFile, `${where}: test file of ${f.test}`);
    assert.ok(f.message.trim().length > 0 && f.message !== '(no message)', `${where}: a message for ${f.test}`);
    for (const frame of f.stack) {
      const file = rel(c, frame.file);
      // Frames in the project point at real lines of it.
      if (existsSync(path.join(c.dir, 'project', file))) {
        assert.ok(frame.line !== undefined && frame.line >= 1 && frame.line <= lineCount(c, file), `${where}: ${file}:${frame.line}`);
      }
    }
  }
  const innermost = failures.map((f) => f.stack[0] && rel(c, f.stack[0].file));
  if (reporter === 'tb-line' && c.case === 'fixture-error') {
    // --tb=line prints the crash location of a failure, but nothing but `E` lines for a setup error.
    assert.ok(failures.every((f) => f.stack.length === 0), `${where}: no frames printed`);
  } else if (c.frameInBuggyFile) {
    assert.ok(innermost.includes(c.buggyFile), `${where}: an innermost frame in ${c.buggyFile}, got ${innermost.join(', ')}`);
  } else {
    // The assertion fails in the test: pytest shows no frame of the source file that is wrong.
    assert.ok(!failures.some((f) => f.stack.some((s) => rel(c, s.file) === c.buggyFile)), `${where}: no frame in ${c.buggyFile}`);
    assert.ok(innermost.every((file) => file !== undefined && /^tests\/test_/.test(file)), `${where}: frames in the tests`);
  }
}

describe('pytest parsers on the real corpus', () => {
  it('has the cases and reporters the corpus promises', () => {
    assert.ok(cases.length >= 8, `${cases.length} pytest cases`);
    for (const c of cases) {
      for (const reporter of ['default', 'q', 'tb-short', 'tb-long', 'tb-native', 'tb-line']) assert.ok(c.outputs[reporter], `${c.id} ${reporter}`);
      assert.ok(existsSync(path.join(c.dir, 'project', c.buggyFile)), `${c.id}: ${c.buggyFile} exists`);
    }
    assert.ok(cases.filter((c) => c.outputs.junit).length >= 8);
  });

  for (const c of cases) {
    describe(c.id, () => {
      for (const [reporter, file] of Object.entries(c.outputs)) {
        const text = readFileSync(path.join(c.dir, file), 'utf8');
        const junit = reporter === 'junit';
        const parser = junit ? pytestJunitParser : pytestTextParser;

        it(`${reporter}: counts, failing tests, test files, messages and frames`, () => {
          assert.ok(parser.sniff(text), 'sniffed');
          const report = parser.parse(text);
          assert.equal(report.format, junit ? 'junit-xml' : 'pytest-text');
          assert.deepEqual(
            { passed: report.passed, failed: report.failed, skipped: report.skipped },
            { passed: c.expected.passed, failed: c.expected.failed, skipped: c.expected.skipped },
          );
          checkFailures(c, reporter, report.failures);
        });

        it(`${reporter}: is recognised and parsed through the registry`, () => {
          assert.equal(detectFormat(text), junit ? 'junit-xml' : 'pytest-text');
          const report = parseTestOutput(text, { exitCode: c.exitCodes[reporter] ?? 1 });
          assert.equal(report.failed, c.expected.failed);
          assert.equal(report.failures.length, c.expected.failures.length);
          assert.equal(report.exitCode, c.exitCodes[reporter] ?? 1);
        });
      }
    });
  }

  it('orders a deep traceback innermost first, whatever the --tb style', () => {
    const c = cases.find((x) => x.case === 'deep-exception');
    assert.ok(c);
    for (const [reporter, file] of Object.entries(c.outputs)) {
      if (reporter === 'tb-line') continue; // one line per failure: its crash location only
      const text = readFileSync(path.join(c.dir, file), 'utf8');
      const report = (reporter === 'junit' ? pytestJunitParser : pytestTextParser).parse(text);
      const f = report.failures.find((x) => x.test.endsWith('::test_place_order_total'));
      assert.ok(f, reporter);
      assert.deepEqual(
        f.stack.map((s) => `${rel(c, s.file)}:${s.line}`),
        ['shop/repository.py:23', 'shop/service.py:17', 'tests/test_service.py:7'],
        reporter,
      );
      assert.equal(f.stack[0]?.fn, 'save', reporter);
      assert.equal(f.message, "KeyError: 'ada'", reporter);
    }
  });

  it('leads a SyntaxError with the error and its location', () => {
    const c = cases.find((x) => x.case === 'syntax-error');
    assert.ok(c);
    const [f] = pytestTextParser.parse(readFileSync(path.join(c.dir, c.outputs['tb-short'] ?? ''), 'utf8')).failures;
    assert.ok(f);
    assert.match(f.message, /^SyntaxError: expected ':'/);
    assert.deepEqual({ file: rel(c, f.stack[0]?.file ?? ''), line: f.stack[0]?.line }, { file: 'shop/utils.py', line: 10 });
  });
});

describe('pytest text: what the corpus does not show', () => {
  it('reads --tb=line, a run without a summary (-rN), chained exceptions and captured output', () => {
    const text = [
      '============================= test session starts ==============================',
      'collected 3 items',
      '',
      'tests/test_a.py F.F                                                       [100%]',
      '',
      '=================================== FAILURES ===================================',
      '________________________________ TestA.test_one ________________________________',
      'tests/test_a.py:5: in test_one',
      '    load()',
      'app/loader.py:9: in load',
      '    return parse(raw)',
      'E   KeyError: \'x\'',
      '',
      'The above exception was the direct cause of the following exception:',
      'tests/test_a.py:5: in test_one',
      '    load()',
      'app/loader.py:11: in load',
      '    raise LoadError("bad config") from err',
      'E   app.loader.LoadError: bad config',
      '----------------------------- Captured stdout call -----------------------------',
      'app/noise.py:1: in nothing',
      '________________________________ test_three ________________________________',
      '/abs/app/x.py:3: ZeroDivisionError: division by zero',
      '========================= 2 failed, 1 passed in 0.05s ==========================',
    ].join('\n');
    const report = pytestTextParser.parse(text);
    assert.deepEqual([report.passed, report.failed, report.skipped], [1, 2, 0]);
    const [one, three] = report.failures;
    assert.equal(one?.test, 'tests/test_a.py::TestA::test_one');
    assert.equal(one?.testFile, 'tests/test_a.py');
    assert.equal(one?.message, 'app.loader.LoadError: bad config');
    assert.deepEqual(one?.stack.map((s) => `${s.file}:${s.line}`), ['app/loader.py:11', 'tests/test_a.py:5', 'app/loader.py:9', 'tests/test_a.py:5']);
    assert.equal(three?.test, 'test_three'); // no test file on the traceback: the header is all there is
    assert.equal(three?.message, 'ZeroDivisionError: division by zero');
    assert.deepEqual(three?.stack, [{ file: '/abs/app/x.py', line: 3 }]);
  });

  it('keeps ids with spaces and " - " inside brackets, strips colours, and reads CRLF', () => {
    const text = [
      '\u001b[31m=========================== short test summary info ============================\u001b[0m',
      'FAILED tests/test_q.py::test_q[a - b-1] - AssertionError: nope',
      'ERROR tests/test_q.py::test_r - RuntimeError: db down',
      '\u001b[31m==================== 1 failed, 4 passed, 1 error in 0.12s =====================\u001b[0m',
    ].join('\r\n');
    assert.equal(detectFormat(text), 'pytest-text');
    const report = pytestTextParser.parse(text);
    assert.deepEqual(report.failures.map((f) => [f.test, f.message]), [
      ['tests/test_q.py::test_q[a - b-1]', 'AssertionError: nope'],
      ['tests/test_q.py::test_r', 'RuntimeError: db down'],
    ]);
    assert.deepEqual([report.passed, report.failed], [4, 2]);
  });

  it('reads native tracebacks and a SyntaxError location from a traceback block', () => {
    const tb = parsePythonTraceback([
      'Traceback (most recent call last):',
      '  File "/w/tests/test_m.py", line 4, in test_m',
      '    import app.m',
      '  File "/w/app/m.py", line 2',
      '    def f(:',
      '          ^',
      'SyntaxError: invalid syntax',
    ]);
    assert.deepEqual(tb.frames, [{ file: '/w/app/m.py', line: 2 }, { file: '/w/tests/test_m.py', line: 4, fn: 'test_m' }]);
    assert.match(tb.message, /^SyntaxError: invalid syntax/);
  });

  it('says no tests ran, and a usage error, without inventing failures', () => {
    const none = pytestTextParser.parse('collected 0 items\n\n============================ no tests ran in 0.01s =============================\n');
    assert.deepEqual([none.passed, none.failed, none.failures.length], [0, 0, 0]);
    const usage = pytestTextParser.parse('ERROR: file or directory not found: tests/nope.py\n\n');
    assert.equal(usage.failures[0]?.message, 'file or directory not found: tests/nope.py');
  });
});

describe('pytest parsers never throw', () => {
  const samples = [
    '',
    '\u0000\u0001\u0002\uffff',
    'FAILED ',
    'FAILED tests/x.py::t[[[[[[[ - ',
    '____ ____\n=== FAILURES ===\n____ x ____\nE\nE   \n:1: in\n<frozen>:x: in y',
    '=== FAILURES ===\n' + '_ _ _ _\n'.repeat(2000) + 'File "'.repeat(500),
    'x.py:' + '9'.repeat(400) + ': in f\n' + 'a:'.repeat(50_000),
    '<testsuite name="pytest"><testcase classname="" name=""><failure>' + '&#99999999;&#x110000;&bogus;'.repeat(100),
    '<testsuite name="pytest">' + '<testcase name="a"'.repeat(5_000),
    '<testsuite name="pytest"><testcase classname="a.b" name="c"/><testcase classname="a.b" name="d"><error message="m">tests/a.py:1: in d\nE   X</error></testcase></testsuite>',
  ];
  // Every reporter's output of one case, cut at arbitrary points.
  const c = cases.find((x) => x.case === 'deep-exception');
  for (const file of Object.values(c?.outputs ?? {})) {
    const text = readFileSync(path.join(c?.dir ?? '', file), 'utf8');
    for (const cut of [1, 37, 500, 1234, Math.floor(text.length / 2), text.length - 3]) samples.push(text.slice(0, cut), text.slice(cut));
  }

  it('returns a report for garbage, truncated and hostile input', () => {
    for (const sample of samples) {
      for (const parser of [pytestTextParser, pytestJunitParser]) {
        const report = parser.parse(sample);
        assert.ok(report.passed >= 0 && report.failed >= 0 && report.skipped >= 0);
        assert.ok(Array.isArray(report.failures));
        for (const f of report.failures) assert.equal(typeof f.message, 'string');
        assert.equal(typeof parser.sniff(sample), 'boolean');
      }
      assert.equal(typeof parsePythonTraceback(sample.split('\n')).message, 'string');
    }
  });

  it('reads a pytest JUnit case whose classname names a package, not a class', () => {
    const xml = '<testsuites><testsuite name="pytest" tests="1" failures="1" errors="0" skipped="0"><testcase classname="tests.unit.test_m" name="test_x">'
      + '<failure message="assert 1 == 2">tests/unit/test_m.py:3: in test_x\n    assert f() == 2\nE   assert 1 == 2</failure></testcase></testsuite></testsuites>';
    const report = pytestJunitParser.parse(xml);
    assert.equal(report.failures[0]?.test, 'tests/unit/test_m.py::test_x');
    assert.equal(report.failures[0]?.testFile, 'tests/unit/test_m.py');
    assert.deepEqual(report.failures[0]?.stack, [{ file: 'tests/unit/test_m.py', line: 3, fn: 'test_x' }]);
  });
});
