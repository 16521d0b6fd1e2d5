/** parseTestOutputs: one run seen through several outputs counts once; different runs add up. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseTestOutputs } from '../../../../../src/core/testing/parsers';
import { jsCases, readOutput } from './corpus';

const byDir = (dir: string) => {
  const c = jsCases().find((x) => x.dir === dir);
  assert.ok(c, dir);
  return c;
};

describe('parseTestOutputs', () => {
  it('reads a console log and the JSON report of the same run once, from the JSON', () => {
    const c = byDir('jest-deep-throw');
    const r = parseTestOutputs([readOutput(c, 'output.text.txt'), readOutput(c, 'output.json.json')], { exitCode: 1 });
    assert.deepEqual([r.format, r.passed, r.failed, r.failures.length, r.exitCode], ['jest-json', 11, 1, 1, 1]);
    assert.match(r.failures[0]?.testFile ?? '', /^\/tmp\/squad-corpus\/jest-deep-throw\/test\/orders\.test\.js$/);
  });

  it('recognises one run under different reporters and test naming (vitest text + junit + json)', () => {
    const c = byDir('vitest-missing-await');
    const r = parseTestOutputs(Object.values(c.outputs).map((f) => readOutput(c, f)));
    assert.deepEqual([r.passed, r.failed, r.failures.length], [10, 2, 2]);
    assert.equal(r.format, 'vitest-json');
  });

  it('adds up the runs of different tools', () => {
    const jest = byDir('jest-wrong-operator');
    const node = byDir('node-test-thrown-error');
    const r = parseTestOutputs([readOutput(jest, 'output.json.json'), readOutput(node, 'output.tap.txt'), readOutput(node, 'output.spec.txt')]);
    assert.deepEqual([r.passed, r.failed, r.failures.length], [10 + 11, 2 + 1, 3]);
    assert.ok(r.rawTail.length > 0);
  });

  it('ignores unrecognised noise next to a report, but keeps a failed command with nothing else', () => {
    const c = byDir('mocha-test-bug');
    const r = parseTestOutputs(['npm warn config something', readOutput(c, 'output.json.json')], { exitCode: 1 });
    assert.deepEqual([r.format, r.failed, r.failures.length], ['mocha-json', 1, 1]);
    const lone = parseTestOutputs(['Error: Cannot find module "jest"'], { exitCode: 1 });
    assert.deepEqual([lone.format, lone.failed], ['unknown', 1]);
    assert.match(lone.failures[0]?.message ?? '', /Cannot find module/);
  });
});
