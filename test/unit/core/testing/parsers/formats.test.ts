/**
 * What the corpus does not show: each reporter's rarer shapes (skips, hooks, grouped errors,
 * unhandled errors, repeated summaries, cancelled subtests, older layouts), written as the tools
 * print them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseTestOutput } from '../../../../../src/core/testing/parsers';

describe('jest text', () => {
  it('does not count the "Summary of all failing tests" repeat twice, and reads skips and todos', () => {
    const block = ['  ● math › adds', '', '    expect(received).toBe(expected)', '', '      at Object.toBe (test/math.test.js:4:19)', ''];
    const text = ['FAIL test/math.test.js', ...block, 'PASS test/other.test.js', '', 'Summary of all failing tests', 'FAIL test/math.test.js', ...block, '', 'Test Suites: 1 failed, 1 passed, 2 total', 'Tests:       1 failed, 2 skipped, 1 todo, 3 passed, 7 total'].join('\n');
    const r = parseTestOutput(text);
    assert.equal(r.format, 'jest-text');
    assert.deepEqual([r.passed, r.failed, r.skipped, r.failures.length], [3, 1, 3, 1]);
    assert.deepEqual(r.failures[0]?.stack[0], { file: 'test/math.test.js', line: 4, column: 19, fn: 'Object.toBe' });
  });
});

describe('vitest text', () => {
  it('gives one error printed under several tests to each of them, and reads skips', () => {
    const text = [
      ' RUN  v3.2.4 /w',
      '',
      '⎯⎯⎯⎯⎯⎯⎯ Failed Tests 2 ⎯⎯⎯⎯⎯⎯⎯',
      '',
      ' FAIL  src/a.test.ts > api > first',
      ' FAIL  src/a.test.ts > api > second',
      "Error: connect ECONNREFUSED 127.0.0.1:5432",
      ' ❯ connect src/db/pool.ts:12:11',
      ' ❯ src/a.test.ts:5:3',
      '',
      '⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯[1/2]⎯',
      '',
      ' Test Files  1 failed (1)',
      '      Tests  2 failed | 3 passed | 1 skipped (6)',
    ].join('\n');
    const r = parseTestOutput(text);
    assert.equal(r.format, 'vitest-text');
    assert.deepEqual([r.passed, r.failed, r.skipped], [3, 2, 1]);
    assert.deepEqual(r.failures.map((f) => f.test), ['api > first', 'api > second']);
    for (const f of r.failures) {
      assert.equal(f.testFile, 'src/a.test.ts');
      assert.equal(f.stack[0]?.file, 'src/db/pool.ts');
    }
  });

  it('reports an unhandled rejection with the file that was running', () => {
    const text = [
      ' RUN  v3.2.4 /w',
      '',
      '⎯⎯⎯⎯⎯⎯ Unhandled Errors ⎯⎯⎯⎯⎯⎯',
      '',
      'Vitest caught 1 unhandled error during the test run.',
      '',
      '⎯⎯⎯⎯⎯⎯ Unhandled Rejection ⎯⎯⎯⎯⎯⎯⎯',
      'TypeError: Cannot read properties of null (reading \'id\')',
      ' ❯ save src/data/repo.ts:20:7',
      '',
      'This error originated in "test/repo.test.ts" test file. It doesn\'t mean the error was thrown inside the file itself, but while it was running.',
      'The latest test that might\'ve caused the error is "saves". It might mean one of the following:',
      '⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯',
      '',
      ' Test Files  1 passed (1)',
      '      Tests  2 passed (2)',
      '     Errors  1 error',
    ].join('\n');
    const r = parseTestOutput(text, { exitCode: 1 });
    assert.equal(r.failures.length, 1);
    assert.equal(r.failures[0]?.testFile, 'test/repo.test.ts');
    assert.match(r.failures[0]?.test ?? '', /saves/);
    assert.match(r.failures[0]?.message ?? '', /^TypeError: Cannot read properties of null/);
    assert.equal(r.failures[0]?.stack[0]?.file, 'src/data/repo.ts');
  });
});

describe('mocha spec', () => {
  it('reads hook failures, three-level titles and pending tests', () => {
    const text = [
      '  3 passing (20ms)',
      '  1 pending',
      '  2 failing',
      '',
      '  1) api',
      '       "before each" hook for "creates":',
      '     Error: db down',
      '      at Context.<anonymous> (test/api.spec.js:8:11)',
      '',
      '  2) api',
      '       users',
      '         deletes:',
      '     AssertionError [ERR_ASSERTION]: 1 == 2',
      '      at removeUser (lib/users.js:30:9)',
      '      at Context.<anonymous> (test/api.spec.js:22:5)',
      '',
    ].join('\n');
    const r = parseTestOutput(text);
    assert.equal(r.format, 'mocha-text');
    assert.deepEqual([r.passed, r.failed, r.skipped], [3, 2, 1]);
    assert.deepEqual(r.failures.map((f) => f.test), ['api › "before each" hook for "creates"', 'api › users › deletes']);
    assert.deepEqual(r.failures.map((f) => f.testFile), ['test/api.spec.js', 'test/api.spec.js']);
    assert.equal(r.failures[1]?.stack[0]?.file, 'lib/users.js');
  });

  it('reads the json reporter with pending tests', () => {
    const json = { stats: { suites: 1, tests: 3, passes: 1, pending: 1, failures: 1 }, tests: [], pending: [], passes: [], failures: [{ title: 't', fullTitle: 's t', file: '/w/test/s.test.js', err: { message: 'boom', stack: 'Error: boom\n    at f (/w/lib/f.js:1:2)' } }] };
    const r = parseTestOutput(JSON.stringify(json, null, 2));
    assert.equal(r.format, 'mocha-json');
    assert.deepEqual([r.passed, r.failed, r.skipped], [1, 1, 1]);
    assert.deepEqual(r.failures[0], { test: 's t', testFile: '/w/test/s.test.js', message: 'Error: boom', stack: [{ file: '/w/lib/f.js', line: 1, column: 2, fn: 'f' }] });
  });
});

describe('node:test', () => {
  it('TAP: counts skips, todos and cancelled subtests, and names nested tests by their ancestors', () => {
    const text = [
      'TAP version 13',
      '# Subtest: outer',
      '    # Subtest: inner',
      '        # Subtest: leaf',
      '        not ok 1 - leaf',
      '          ---',
      '          duration_ms: 1.5',
      "          location: '/w/test/a.test.mjs:5:7'",
      "          failureType: 'testCodeFailure'",
      '          error: |-',
      '            Expected values to be strictly equal:',
      '',
      '            1 !== 2',
      "          code: 'ERR_ASSERTION'",
      "          name: 'AssertionError'",
      '          stack: |-',
      '            add (file:///w/lib/add.mjs:2:10)',
      '            TestContext.<anonymous> (file:///w/test/a.test.mjs:6:5)',
      '          ...',
      '        # Subtest: after',
      '        not ok 2 - after',
      '          ---',
      "          failureType: 'cancelledByParent'",
      "          error: 'test did not finish before its parent and was cancelled'",
      '          ...',
      '        1..2',
      '    not ok 1 - inner',
      '      ---',
      "      type: 'suite'",
      "      failureType: 'subtestsFailed'",
      '      ...',
      '    ok 2 - later # SKIP not on CI',
      '    ok 3 - someday # TODO',
      '    1..3',
      'not ok 1 - outer',
      '  ---',
      "  type: 'suite'",
      "  failureType: 'subtestsFailed'",
      '  ...',
      '# Subtest: standalone',
      'ok 2 - standalone',
      '1..2',
      '# tests 5',
      '# pass 1',
      '# fail 1',
      '# cancelled 1',
      '# skipped 1',
      '# todo 1',
    ].join('\n');
    const r = parseTestOutput(text);
    assert.equal(r.format, 'node-tap');
    assert.deepEqual([r.passed, r.failed, r.skipped], [1, 2, 2]);
    assert.equal(r.failures.length, 1, 'the cancelled sibling is counted, not reported');
    assert.deepEqual(r.failures[0], {
      test: 'outer › inner › leaf',
      testFile: '/w/test/a.test.mjs',
      message: 'AssertionError: Expected values to be strictly equal:\n\n1 !== 2',
      stack: [
        { file: 'file:///w/lib/add.mjs', line: 2, column: 10, fn: 'add' },
        { file: 'file:///w/test/a.test.mjs', line: 6, column: 5, fn: 'TestContext.<anonymous>' },
      ],
    });
  });

  it('spec: without the `test at` line (older node), the test file comes from the frames', () => {
    const text = [
      '▶ cart',
      '  ✖ totals (0.5ms)',
      '▶ cart (1ms)',
      'ℹ tests 1',
      'ℹ pass 0',
      'ℹ fail 1',
      '',
      '✖ failing tests:',
      '',
      '✖ totals (0.5ms)',
      '  TypeError: x is not a function',
      '      at total (/w/src/cart.js:3:9)',
      '      at TestContext.<anonymous> (/w/test/cart.test.js:7:5)',
    ].join('\n');
    const r = parseTestOutput(text);
    assert.equal(r.format, 'node-spec');
    assert.deepEqual(r.failures.map((f) => [f.test, f.testFile, f.message]), [['cart › totals', '/w/test/cart.test.js', 'TypeError: x is not a function']]);
  });
});
