/**
 * Every output of every JS case in the real corpus: the failing tests, their test file, a
 * message, and a frame in the buggy file wherever the tool printed one; the counts of the run;
 * and one run read from all its outputs at once counted once.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseTestOutput, parseTestOutputs } from '../../../../../src/core/testing/parsers';
import type { TestReport } from '../../../../../src/core/testing/types';
import { FAILING_TITLES, expectedCounts, expectedFormat, jsCases, readOutput, sameFile, type CorpusCase } from './corpus';

const cases = jsCases();

function checkReport(c: CorpusCase, reporter: string, report: TestReport): void {
  const where = `${c.dir}/${reporter}`;
  assert.equal(report.format, expectedFormat(c, reporter), where);
  assert.deepEqual({ passed: report.passed, failed: report.failed }, expectedCounts(c), `${where}: counts`);
  assert.equal(report.skipped, 0, where);
  assert.ok(report.failures.length >= 1, `${where}: a failure`);
  assert.equal(report.exitCode, c.exitCodes[reporter], where);
  for (const title of FAILING_TITLES[c.case] ?? []) {
    assert.ok(
      report.failures.some((f) => f.test.endsWith(title)),
      `${where}: failing test "${title}" among ${report.failures.map((f) => f.test).join(' | ')}`,
    );
  }
  for (const f of report.failures) {
    assert.ok(sameFile(f.testFile, c.testFile), `${where}: test file of "${f.test}" is ${f.testFile}, expected ${c.testFile}`);
    assert.ok(f.message.trim().length > 0 && f.message !== '(no message)', `${where}: message of "${f.test}"`);
    assert.doesNotMatch(f.message, /\u001b\[/, `${where}: ANSI left in the message`);
    assert.ok(f.message.split('\n').length <= 12, `${where}: message is its first lines only`);
  }
  if (c.frameInBuggyFile && !c.noFrameIn.includes(reporter)) {
    assert.ok(
      report.failures.some((f) => f.stack.some((frame) => sameFile(frame.file, c.buggyFile))),
      `${where}: a frame in ${c.buggyFile}; got ${JSON.stringify(report.failures.map((f) => f.stack.slice(0, 3)))}`,
    );
  }
}

describe('the JS corpus of real test outputs', () => {
  it('holds at least 8 cases for each tool', () => {
    for (const tool of ['jest', 'vitest', 'mocha', 'node-test']) {
      assert.ok(cases.filter((c) => c.tool === tool).length >= 8, tool);
    }
  });

  for (const c of cases) {
    it(`${c.dir}: ${Object.keys(c.outputs).join(', ')}`, () => {
      for (const [reporter, file] of Object.entries(c.outputs)) {
        checkReport(c, reporter, parseTestOutput(readOutput(c, file), { exitCode: c.exitCodes[reporter] }));
      }
    });
  }

  it('puts the innermost frame first: the throwing source file, not the test', () => {
    for (const c of cases.filter((x) => x.case === 'deep-throw' || x.case === 'thrown-error' || x.case === 'missing-await')) {
      for (const [reporter, file] of Object.entries(c.outputs)) {
        const report = parseTestOutput(readOutput(c, file));
        const first = report.failures[0]?.stack.find((f) => !/node_modules/.test(f.file));
        assert.ok(sameFile(first?.file, c.buggyFile), `${c.dir}/${reporter}: first frame ${first?.file}`);
      }
    }
  });

  it('counts a run once when its console log and its report files are read together', () => {
    for (const c of cases) {
      const texts = Object.values(c.outputs).map((file) => readOutput(c, file));
      const merged = parseTestOutputs(texts, { exitCode: 1 });
      assert.deepEqual({ passed: merged.passed, failed: merged.failed }, expectedCounts(c), c.dir);
      const structured = Object.keys(c.outputs).some((r) => ['json', 'junit', 'tap'].includes(r) && c.outputs[r]?.match(/\.(json|xml)$|tap/));
      if (structured) assert.match(merged.format, /json|xml|tap/, `${c.dir}: read from the structured report`);
    }
  });

  it('reads the same failures from every reporter of a run', () => {
    for (const c of cases) {
      const names = Object.entries(c.outputs).map(([, file]) => parseTestOutput(readOutput(c, file)).failures.length);
      assert.equal(new Set(names).size, 1, `${c.dir}: failures per reporter ${names.join(',')}`);
    }
  });
});
