/**
 * parseTestOutput never throws and always returns a well-formed report, whatever it is given:
 * random bytes, truncated or mangled reports, hostile JSON and XML, megabytes of noise.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseTestOutput, parseTestOutputs } from '../../../../../src/core/testing/parsers';
import type { TestReport } from '../../../../../src/core/testing/types';
import { jsCases, readOutput } from './corpus';

const FORMATS = new Set(['jest-json', 'vitest-json', 'mocha-json', 'junit-xml', 'node-tap', 'node-spec', 'jest-text', 'vitest-text', 'mocha-text', 'pytest-text', 'go-json', 'go-text', 'unknown']);

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function assertWellFormed(report: TestReport, label: string): void {
  assert.ok(FORMATS.has(report.format), `${label}: format ${report.format}`);
  for (const key of ['passed', 'failed', 'skipped'] as const) {
    assert.ok(Number.isInteger(report[key]) && report[key] >= 0, `${label}: ${key} = ${report[key]}`);
  }
  assert.equal(typeof report.rawTail, 'string', label);
  assert.ok(report.rawTail.length <= 4000, `${label}: tail is bounded`);
  assert.ok(Array.isArray(report.failures), label);
  for (const f of report.failures) {
    assert.equal(typeof f.test, 'string', label);
    assert.equal(typeof f.message, 'string', label);
    assert.ok(f.testFile === undefined || typeof f.testFile === 'string', label);
    assert.ok(Array.isArray(f.stack) && f.stack.length <= 30, `${label}: frames are capped`);
    for (const frame of f.stack) assert.equal(typeof frame.file, 'string', label);
  }
}

function check(text: string, label: string, exitCode?: number): TestReport {
  const report = parseTestOutput(text, exitCode === undefined ? {} : { exitCode });
  assertWellFormed(report, label);
  return report;
}

const TOKENS = ['at ', '  at fn (/x/y.js:1:2)', ' FAIL  a > b', '  ● x › y', 'not ok 1 - t', '✖ failing tests:', 'ℹ tests 3', '  1) suite', '  2 failing', '{"testResults":[', '<testsuite>', '<testcase name="x">', '❯ f.js:1:1', 'TAP version 13', '  ---', '  ...', 'Tests:  1 failed', ' Test Files  1 failed', '\u001b[31m', '\r', '\t', '"', "'", '(', ')', '{', '}', ':', '\n'];

describe('parseTestOutput on hostile input', () => {
  it('handles empty, blank, and non-string input', () => {
    for (const text of ['', ' ', '\n\n\n', '\u0000', '\uFFFD\uD800', '{', '}', '<', '[]', 'null', '0', '{}']) check(text, JSON.stringify(text));
    assertWellFormed(parseTestOutput(null as unknown as string), 'null');
    assertWellFormed(parseTestOutput(undefined as unknown as string, { exitCode: 2 }), 'undefined');
    assertWellFormed(parseTestOutput(42 as unknown as string), 'number');
  });

  it('turns an unrecognised failing run into one failure carrying the tail', () => {
    const report = check('building…\nerror TS2307: Cannot find module "./x"\n    at load (/tmp/a/src/x.ts:3:9)\n', 'tsc', 2);
    assert.equal(report.format, 'unknown');
    assert.equal(report.exitCode, 2);
    assert.equal(report.failed, 1);
    assert.match(report.failures[0]?.message ?? '', /Cannot find module/);
    assert.equal(report.failures[0]?.stack[0]?.file, '/tmp/a/src/x.ts');
    assert.match(report.rawTail, /Cannot find module/);
    const passing = check('all good\n', 'passing unknown', 0);
    assert.deepEqual([passing.format, passing.failed, passing.failures.length], ['unknown', 0, 0]);
  });

  it('survives random bytes and random token soup', () => {
    const rand = mulberry32(42);
    for (let n = 0; n < 150; n++) {
      const len = Math.floor(rand() * 4096);
      let bytes = '';
      for (let i = 0; i < len; i++) bytes += String.fromCharCode(Math.floor(rand() * 256));
      check(bytes, `bytes #${n}`, n % 3);
      let soup = '';
      for (let i = 0; i < 200; i++) soup += TOKENS[Math.floor(rand() * TOKENS.length)];
      check(soup, `soup #${n}`, 1);
    }
  });

  it('survives every corpus report truncated, and mangled line by line', () => {
    const rand = mulberry32(7);
    for (const c of jsCases()) {
      for (const file of Object.values(c.outputs)) {
        const text = readOutput(c, file);
        for (const cut of [1, 0.9, 0.5, 0.1].map((f) => Math.floor(text.length * f))) check(text.slice(0, cut), `${c.dir}/${file}@${cut}`, 1);
        const lines = text.split('\n');
        const mangled = lines.filter(() => rand() > 0.2).map((line) => (rand() > 0.9 ? line.slice(0, Math.floor(line.length / 2)) : line));
        if (rand() > 0.5) mangled.reverse();
        check(mangled.join('\n'), `${c.dir}/${file} mangled`, 1);
      }
    }
  });

  it('survives reports of the right shape with the wrong types inside', () => {
    const hostile = [
      '{"testResults": 5, "numTotalTests": "x"}',
      '{"testResults":[null,1,"x",{"assertionResults":[null,{"status":"failed","failureMessages":[1,null,{}],"ancestorTitles":"no"}]}],"numFailedTests":-3,"openHandles":[]}',
      '{"testResults":[{"status":"failed","message":{"a":1},"assertionResults":{}}],"numTotalTests":1}',
      '{"stats":{"passes":"x","failures":null},"failures":[{"err":null},{"err":{"stack":7}},null],"tests":[]}',
      '<testsuites><testcase><failure>never closed',
      '<testsuites><testsuite><testcase name="a"><failure message="m">body</failure></testcase></testsuite>',
      '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><testsuites><testcase name="&d;"><failure>&d;&d;&d;</failure></testcase></testsuites>',
      `<testsuites>${'<testsuite>'.repeat(3000)}<testcase name="deep"/>${'</testsuite>'.repeat(3000)}</testsuites>`,
      `{"testResults":${'['.repeat(50_000)}`,
      'TAP version 13\nnot ok 1 - x\n  ---\n  stack: |-\n' + '    at '.repeat(10_000) + '\n',
      'TAP version 13\n' + 'not ok 1 - x\n  ---\n  error: \'\n'.repeat(2000),
      ' RUN  v1\n FAIL  a > b\n' + '⎯'.repeat(10_000),
    ];
    for (const [i, text] of hostile.entries()) check(text, `hostile #${i}`, 1);
  });

  it('survives megabytes of noise, long lines and pathological frames', () => {
    const rand = mulberry32(99);
    const lines: string[] = [];
    let size = 0;
    while (size < 5 * 1024 * 1024) {
      const line = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => TOKENS[Math.floor(rand() * TOKENS.length)] ?? '').join('') + 'x'.repeat(Math.floor(rand() * 80));
      lines.push(line);
      size += line.length + 1;
    }
    const noisy = check(lines.join('\n'), '5 MB of noise', 1);
    assert.ok(noisy.failures.length <= 500, 'failures are capped');
    check(`at ${'f ('.repeat(200_000)}`, 'one long frame-like line', 1);
    check('a'.repeat(2_000_000), 'one 2 MB line', 1);
    check(`${'/a'.repeat(100_000)}.py:1: in x`, 'a very long path', 1);
  });

  it('merges hostile inputs without throwing', () => {
    const merged = parseTestOutputs(['', '{', '<testsuites>', 'garbage'], { exitCode: 1 });
    assertWellFormed(merged, 'merged');
    assertWellFormed(parseTestOutputs([]), 'nothing');
  });
});
