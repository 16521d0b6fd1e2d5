/**
 * The agents' regex worker inside the real extension host: worker threads, eval'd source and the
 * shared progress slot all work there, and a catastrophic pattern is stopped, not left to freeze
 * the host that every extension shares.
 */
import assert from 'node:assert/strict';
import { createWorkerRegexMatcher } from '../../../src/node/regexWorker';

describe('regex search worker in the extension host', () => {
  it('matches like the tool expects, and stops a catastrophic pattern within its budget', async () => {
    const matcher = createWorkerRegexMatcher({ budgetMs: 1000 });
    const signal = new AbortController().signal;
    try {
      const found = await matcher.match({ pattern: 'export (function|const) \\w+', flags: '', texts: ['// a\r\nexport function a() {}\r\n', 'export const b = 1;'], limit: 10 }, signal);
      assert.deepEqual(found, { kind: 'matches', matches: [[{ line: 1, at: 0 }], [{ line: 0, at: 0 }]] });
      const stuck = await matcher.match({ pattern: '(a+)+$', flags: '', texts: ['ok', `${'a'.repeat(40)}!`], limit: 10 }, signal);
      assert.deepEqual(stuck, { kind: 'timeout', text: 1, budgetMs: 1000 });
      const after = await matcher.match({ pattern: 'o+k', flags: 'i', texts: ['OOK'], limit: 10 }, signal);
      assert.deepEqual(after, { kind: 'matches', matches: [[{ line: 0, at: 0 }]] }, 'a fresh worker answers after the timeout');
    } finally {
      await matcher.dispose();
    }
  });
});
