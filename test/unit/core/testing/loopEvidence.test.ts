/**
 * The pieces the loop decides with: a command that cannot run, failure signatures, loosened
 * tests, which task wrote which line, and what a real Node process executed (V8 coverage).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ChangeSet } from '../../../../src/core/changes/changeSet';
import { finalFiles } from '../../../../src/core/changes/final';
import { cannotRun } from '../../../../src/core/testing/cannotRun';
import { collectCoverage } from '../../../../src/core/testing/coverage/collect';
import { ownershipOf } from '../../../../src/core/testing/ownership';
import { WorkspacePaths } from '../../../../src/core/testing/paths';
import type { CommandResult } from '../../../../src/core/testing/runner';
import { failureSignature, isThrownError } from '../../../../src/core/testing/signature';
import type { TestReport } from '../../../../src/core/testing/types';
import { weakenedTests } from '../../../../src/core/testing/weakened';
import { createFsWorkspace } from '../../../../src/node/fsWorkspace';
import { makeTempWorkspace } from '../../../support/tempWorkspace';

const run = promisify(execFile);

const result = (exitCode: number | null, output: string): CommandResult => ({ exitCode, timedOut: false, cancelled: false, output, droppedBytes: 0, durationMs: 5, sandboxed: true });
const report = (failures: { test: string; message: string }[], passed = 0): TestReport => ({
  format: 'node-spec',
  passed,
  failed: failures.length,
  skipped: 0,
  failures: failures.map((f) => ({ ...f, stack: [] })),
  rawTail: '',
});

describe('a command that cannot run', () => {
  it('names a missing script, tool, path, dependency or Node built-in, with what to try', () => {
    const cases: [CommandResult, RegExp][] = [
      [result(1, 'npm error Missing script: "test"\n'), /no "test" script/],
      [result(127, 'sh: 1: jest: not found\n'), /"jest" is not installed/],
      [result(1, "Could not find '/tmp/x/test'\n"), /names a path that does not exist/],
      [result(1, "Error: Cannot find module 'supertest'\nRequire stack:\n- /x/test/a.test.js\n"), /a dependency is not installed: supertest/],
      [result(null, 'Could not start the command: spawn sh ENOENT'), /could not start/],
      [result(3, 'boom\n'), /exited with code 3 before running any test/],
    ];
    for (const [r, re] of cases) assert.match(cannotRun(r, report([]))?.reason ?? 'ran', re, r.output);
  });

  it('every test file failing to load the same way is an environment problem, not a failure to fix', () => {
    const sqlite = 'Error [ERR_UNKNOWN_BUILTIN_MODULE]: No such built-in module: node:sqlite';
    const why = cannotRun(result(1, ''), report([{ test: 'test/a.test.js', message: sqlite }, { test: 'test/b.test.js', message: sqlite }]));
    assert.match(why?.reason ?? '', /no built-in module node:sqlite/);
    assert.match(why?.hint ?? '', /Node\.js version/);
  });

  it('real failures, passing tests, timeouts and green runs are not "cannot run"', () => {
    assert.equal(cannotRun(result(1, ''), report([{ test: 'adds', message: 'AssertionError: 2 !== 3' }])), undefined);
    assert.equal(cannotRun(result(1, ''), report([{ test: 'a', message: "Cannot find module './x'" }], 4)), undefined, 'some tests passed: it ran');
    assert.equal(cannotRun({ ...result(null, ''), timedOut: true }, report([])), undefined);
    assert.equal(cannotRun(result(0, ''), report([])), undefined);
  });
});

describe('failure signatures', () => {
  it('survive paths, lines, times and ids, and keep what the error says', () => {
    const a = failureSignature({ message: "TypeError: Cannot read properties of undefined (reading 'due') at /tmp/squad-stage-1/ws/src/a.js:12:5 (3ms)" });
    const b = failureSignature({ message: "TypeError: Cannot read properties of undefined (reading 'due') at /home/u/ws/src/a.js:40:1 (12ms)" });
    assert.equal(a, b);
    assert.notEqual(a, failureSignature({ message: "TypeError: Cannot read properties of undefined (reading 'title')" }));
  });

  it('tell thrown errors from failed assertions', () => {
    assert.equal(isThrownError({ message: 'TypeError: x is not a function' }), true);
    assert.equal(isThrownError({ message: 'Error [ERR_UNKNOWN_BUILTIN_MODULE]: No such built-in module: node:sqlite' }), true);
    assert.equal(isThrownError({ message: 'AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n2 !== 3' }), false);
    assert.equal(isThrownError({ message: 'expect(received).toBe(expected)\n\nExpected: 3\nReceived: 2' }), false);
  });
});

describe('a fix that loosens a failing test', () => {
  const before = "test('adds tax', () => {\n  const t = total(10);\n  assert.equal(t, 11);\n  assert.ok(Number.isFinite(t));\n});\n\ntest('other', () => {\n  assert.equal(1, 1);\n});\n";
  it('is caught when an assertion of the failing test is removed, rewritten, skipped or the test deleted', () => {
    assert.deepEqual(weakenedTests(before, before.replace('  assert.equal(t, 11);\n', ''), ['adds tax'])?.assertions, ['assert.equal(t, 11);']);
    assert.deepEqual(weakenedTests(before, before.replace('assert.equal(t, 11)', 'assert.ok(t > 0)'), ['adds tax'])?.tests, ['adds tax']);
    assert.match(weakenedTests(before, before.replace("test('adds tax'", "test.skip('adds tax'"), ['adds tax'])?.assertions.join('\n') ?? '', /now skipped/);
    assert.match(weakenedTests(before, before.slice(before.indexOf("test('other'")), ['adds tax'])?.assertions.join('\n') ?? '', /removed/);
  });

  it('is not flagged for changes elsewhere, added assertions, or tests that were passing', () => {
    assert.equal(weakenedTests(before, before.replace('assert.equal(1, 1)', 'assert.equal(2, 2)'), ['adds tax']), undefined, 'another test');
    assert.equal(weakenedTests(before, before.replace('  assert.equal(t, 11);\n', '  assert.equal(t, 11);\n  assert.equal(typeof t, "number");\n'), ['adds tax']), undefined);
    assert.equal(weakenedTests(before, before, ['adds tax']), undefined);
  });
});

describe('who wrote which line', () => {
  it('follows several tasks layered on one file to the task that wrote each final line', async () => {
    const base = 'a\nb\nc\nd\ne\n';
    const changes = new ChangeSet(async (p) => (p === 'f.js' ? base : undefined));
    const t1 = changes.view('t1', []);
    await t1.proposeEdit('f.js', [{ search: 'b\n', replace: 'B1\nB2\n' }]);
    const t2 = changes.view('t2', ['t1']);
    await t2.proposeEdit('f.js', [{ search: 'c\nd\n', replace: 'c\n' }]);
    const t3 = changes.view('t3', ['t1', 't2']);
    await t3.proposeEdit('f.js', [{ search: 'a\n', replace: 'A\n' }]);
    const order = ['t1', 't2', 't3'];
    const finals = await finalFiles(changes, order);
    const own = ownershipOf(finals, changes, order).get('f.js')!;
    // final: A, B1, B2, c, e — t2 deleted d, between c and e.
    assert.equal(own.lines.get(1), 't3');
    assert.equal(own.lines.get(2), 't1');
    assert.equal(own.lines.get(3), 't1');
    assert.equal(own.lines.get(4), 't2', 'c stands beside the line t2 deleted');
    assert.equal(own.lines.get(5), 't2', 'and so does e');
    assert.deepEqual(own.tasks, order);
  });
});

describe('what a real test process executed', () => {
  it('maps V8 coverage of a node --test run to the lines each test file ran, per process', async () => {
    const ws = await makeTempWorkspace({
      'lib/math.js': 'function add(a, b) {\n  if (a > 10) {\n    return a - b;\n  }\n  return a + b;\n}\nfunction unused() {\n  return 42;\n}\nmodule.exports = { add, unused };\n',
      'index.js': "module.exports = require('./lib/math.js');\n",
      'test/add.test.js': "const test = require('node:test');\nconst assert = require('node:assert');\nconst { add } = require('../index.js');\ntest('adds', () => assert.strictEqual(add(1, 2), 4));\n",
      'test/other.test.js': "const test = require('node:test');\ntest('nothing', () => {});\n",
    });
    const cov = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-cov-'));
    try {
      // Without the outer runner's NODE_TEST_CONTEXT, or the inner `node --test` would skip its files.
      const { NODE_TEST_CONTEXT: _outer, ...env } = process.env;
      await run(process.execPath, ['--test'], { cwd: ws.root, env: { ...env, NODE_V8_COVERAGE: cov } }).catch(() => undefined);
      const artefacts = await Promise.all((await fs.readdir(cov)).map(async (name) => ({ name, text: await fs.readFile(path.join(cov, name), 'utf8') })));
      const failing = { ...report([{ test: 'adds', message: 'AssertionError' }]), failures: [{ test: 'adds', testFile: path.join(ws.root, 'test/add.test.js'), message: 'AssertionError', stack: [] }] };
      const coverage = await collectCoverage(artefacts, await fs.realpath(ws.root), createFsWorkspace(ws.root), failing);
      const ran = coverage.executedBy('test/add.test.js');
      assert.ok(ran, 'the failing test file has its own process');
      const math = ran.get('lib/math.js');
      assert.ok(math instanceof Set);
      assert.deepEqual([...math].sort((a, b) => a - b).filter((l) => l <= 9), [1, 2, 5, 6], 'add ran, its if-branch and unused() did not');
      assert.equal(coverage.executedBy('test/other.test.js')?.has('lib/math.js'), false, 'the other file never loaded it');
      assert.equal(coverage.isolated, true);
    } finally {
      await fs.rm(cov, { recursive: true, force: true });
      await ws.dispose();
    }
  });
});

describe('a fix that corrects a test without loosening it', () => {
  it('is not flagged: a name fixed, an expected value kept', () => {
    const before = "test('adds', () => {\n  assert.equal(totl([{ price: 10 }], 3), 7);\n  expect(sum(1, 2)).toBe(3);\n});\n";
    const after = "test('adds', () => {\n  assert.equal(total([{ price: 10 }], 3), 7);\n  expect(add(1, 2)).toBe(3);\n});\n";
    assert.equal(weakenedTests(before, after, ['adds']), undefined);
  });

  it('is flagged when the expected value or the kind of check changes', () => {
    const before = "test('adds', () => {\n  assert.equal(total([{ price: 10 }], 3), 7);\n});\n";
    assert.ok(weakenedTests(before, before.replace(', 7)', ', 13)'), ['adds']), 'the expectation was bent to the bug');
    assert.ok(weakenedTests(before, before.replace('assert.equal(total([{ price: 10 }], 3), 7)', 'assert.ok(total([{ price: 10 }], 3))'), ['adds']));
    assert.ok(weakenedTests("it('x', () => {\n  expect(v).toBe(3);\n});\n", "it('x', () => {\n  expect(v).toBeDefined();\n});\n", ['x']));
  });
});

describe('reading the tree the tests wrote', () => {
  it('never follows a link out of it: a planted test file pointing at a key reads as nothing', async () => {
    const outside = await makeTempWorkspace({ 'id_rsa': '-----BEGIN OPENSSH PRIVATE KEY-----\nsecret\n' });
    const ws = await makeTempWorkspace({ 'src/a.js': 'export const a = 1;\n' });
    try {
      await fs.mkdir(path.join(ws.root, 'test'));
      await fs.symlink(path.join(outside.root, 'id_rsa'), path.join(ws.root, 'test', 'leak.test.js'));
      const paths = new WorkspacePaths(createFsWorkspace(ws.root));
      assert.equal(await paths.read('test/leak.test.js'), undefined);
      assert.equal(await paths.read('src/a.js'), 'export const a = 1;\n');
    } finally {
      await ws.dispose();
      await outside.dispose();
    }
  });
});
