import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { isSquadError } from '../../../src/core/common/errors';
import { inThreadRegexMatcher, type RegexMatchRequest } from '../../../src/core/tools/regexMatcher';
import { createWorkerRegexMatcher } from '../../../src/node/regexWorker';

const repoRoot = path.resolve(__dirname, '../../..');
const never = new AbortController().signal;
/** Backtracks for far longer than any test runs: (a+)+ tries every way to split the a's. */
const CATASTROPHIC = { pattern: '(a+)+$', flags: '', texts: ['fine\n', `${'a'.repeat(40)}!\n`], limit: 100 } satisfies RegexMatchRequest;
const simple = (pattern: string, texts: readonly string[] = ['x\n']): RegexMatchRequest => ({ pattern, flags: '', texts, limit: 100 });

test('the worker finds exactly what the in-thread matcher finds', async () => {
  const texts = ['one\r\nTwo\r\nthree\r\n', 'no final newline\nfoo bar', '', '\n', 'x\n\n\nx', 'mixed\r\nlf\nend\n', 'Ünïcode ß\nstraße'];
  const cases: [string, string, number][] = [
    ['t', 'i', 100],
    ['T', '', 100],
    ['^$', '', 100],
    ['\\w+\\s', 'i', 100],
    ['o(?=o)', '', 100],
    ['ss|ß', 'i', 100],
    ['e', '', 3],
    ['e', '', 0],
  ];
  const matcher = createWorkerRegexMatcher();
  try {
    for (const [pattern, flags, limit] of cases) {
      const request = { pattern, flags, texts, limit };
      const expected = await inThreadRegexMatcher.match(request, never);
      assert.equal(expected.kind, 'matches');
      assert.deepEqual(await matcher.match(request, never), expected, `${pattern} /${flags} limit ${limit}`);
    }
    const invalid = await matcher.match(simple('getUser('), never);
    assert.deepEqual(invalid, await inThreadRegexMatcher.match(simple('getUser('), never));
    assert.equal(invalid.kind, 'invalid');
  } finally {
    await matcher.dispose();
  }
});

test('a catastrophic regex times out, naming the text, and the next call gets a fresh worker', async () => {
  const matcher = createWorkerRegexMatcher({ budgetMs: 1000 });
  try {
    assert.deepEqual(await matcher.match(CATASTROPHIC, never), { kind: 'timeout', text: 1, budgetMs: 1000 });
    assert.deepEqual(await matcher.match(simple('x'), never), { kind: 'matches', matches: [[{ line: 0, at: 0 }]] });
  } finally {
    await matcher.dispose();
  }
});

test('calls made together are answered one at a time, each with its own result', async () => {
  const matcher = createWorkerRegexMatcher({ budgetMs: 1000 });
  try {
    const [slow, a, b] = await Promise.all([
      matcher.match(CATASTROPHIC, never),
      matcher.match(simple('a', ['b\na\n']), never),
      matcher.match(simple('b', ['b\na\n']), never),
    ]);
    assert.equal(slow.kind, 'timeout');
    assert.deepEqual(a, { kind: 'matches', matches: [[{ line: 1, at: 0 }]] });
    assert.deepEqual(b, { kind: 'matches', matches: [[{ line: 0, at: 0 }]] });
  } finally {
    await matcher.dispose();
  }
});

test('an abort stops a running regex with `cancelled`; the matcher keeps working', async () => {
  const matcher = createWorkerRegexMatcher({ budgetMs: 10 * 60_000 });
  try {
    const controller = new AbortController();
    const running = matcher.match(CATASTROPHIC, controller.signal);
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(running, (err) => isSquadError(err, 'cancelled'));
    await assert.rejects(matcher.match(simple('x'), controller.signal), (err) => isSquadError(err, 'cancelled'));
    assert.equal((await matcher.match(simple('x'), never)).kind, 'matches');
  } finally {
    await matcher.dispose();
  }
});

test('dispose stops a busy worker; a later call starts a new one', async () => {
  const matcher = createWorkerRegexMatcher({ budgetMs: 10 * 60_000 });
  try {
    const running = matcher.match(CATASTROPHIC, never);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await matcher.dispose();
    await assert.rejects(running, /regex worker stopped/);
    assert.equal((await matcher.match(simple('x'), never)).kind, 'matches');
  } finally {
    await matcher.dispose();
  }
});

test('an idle worker does not keep the process alive', async () => {
  // Not disposed on purpose: the process must still exit once the call has been answered.
  const script = `
    const { createWorkerRegexMatcher } = require('./src/node/regexWorker.ts');
    createWorkerRegexMatcher().match({ pattern: 'b', flags: '', texts: ['a\\nb'], limit: 10 }, new AbortController().signal)
      .then((r) => console.log(JSON.stringify(r)));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '-e', script], { cwd: repoRoot, timeout: 30_000 });
  assert.equal(stdout.trim(), JSON.stringify({ kind: 'matches', matches: [[{ line: 1, at: 0 }]] }));
});
