import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSquadError } from '../../../../src/core/common/errors';
import { executeToolCall } from '../../../../src/core/tools/execute';
import { AGENT_TOOLS } from '../../../../src/core/tools/index';
import type { RegexMatcher } from '../../../../src/core/tools/regexMatcher';
import { createWorkerRegexMatcher, type WorkerRegexMatcher } from '../../../../src/node/regexWorker';
import { toolCall, toolFixture, type ToolFixture } from './fixture';

/** Regex searches run through the in-thread fallback (no matcher in the context) and a real worker. */
const MATCHERS: readonly [string, () => WorkerRegexMatcher | undefined][] = [
  ['in-thread', () => undefined],
  ['worker', () => createWorkerRegexMatcher()],
];

/** Runs a search with the given matcher in the context, as the agent runner would. */
function searchWith(fx: ToolFixture, regex: RegexMatcher | undefined) {
  return (args: unknown) => executeToolCall(AGENT_TOOLS, toolCall('search', args), regex ? { ...fx.ctx, regex } : fx.ctx);
}

const FILES = {
  '.gitignore': 'build/\n',
  'src/users.ts': 'export function getUser(id: string) {\n  return db.users.find(id);\n}\n',
  'src/orders.ts': '// TODO: paginate\nexport const getUserOrders = () => [];\n',
  'web/UserCard.tsx': 'export function UserCard() {\n  return <div>user</div>;\n}\n',
  'build/users.js': 'function getUser() {}\n',
  '.env': 'USER_PASSWORD=hunter2\n',
  'logo.png': Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0x75, 0x73, 0x65, 0x72]),
};

test('literal search is smart-case and reports path:line: text', async () => {
  const fx = await toolFixture(FILES);
  try {
    const lower = await fx.call('search', { query: 'getuser' });
    assert.equal(lower.isError, false);
    assert.equal(lower.content, 'src/orders.ts:2: export const getUserOrders = () => [];\nsrc/users.ts:1: export function getUser(id: string) {');
    const exact = await fx.call('search', { query: 'UserCard' });
    assert.equal(exact.content, 'web/UserCard.tsx:1: export function UserCard() {');
    const none = await fx.call('search', { query: 'GETUSER' });
    assert.equal(none.content, 'No matches for "GETUSER" in 4 files.');
    // Ignored, secret and binary files are never searched.
    const user = await fx.call('search', { query: 'user' });
    assert.doesNotMatch(user.content, /build\/|\.env|logo\.png|hunter2/);
    const scoped = await fx.call('search', { query: 'user', glob: 'web/**' });
    assert.equal(scoped.content, 'web/UserCard.tsx:1: export function UserCard() {\nweb/UserCard.tsx:2: return <div>user</div>;');
    // Regex characters are literal unless regex is set.
    assert.equal((await fx.call('search', { query: 'find(id)' })).content, 'src/users.ts:2: return db.users.find(id);');
  } finally {
    await fx.dispose();
  }
});

for (const [name, makeMatcher] of MATCHERS) {
  test(`regex search, and an invalid regex is an error result (${name})`, async () => {
    const fx = await toolFixture(FILES);
    const matcher = makeMatcher();
    const search = searchWith(fx, matcher);
    try {
      const re = await search({ query: 'export (function|const) \\w+\\(', regex: true });
      assert.equal(re.content, 'src/users.ts:1: export function getUser(id: string) {\nweb/UserCard.tsx:1: export function UserCard() {');
      // Escapes like \w do not make a regex case-sensitive; real capitals do.
      assert.equal((await search({ query: 'todo:\\s\\w+', regex: true })).content, 'src/orders.ts:1: // TODO: paginate');
      assert.equal((await search({ query: 'Todo', regex: true })).content, 'No matches for "Todo" in 4 files.');
      const bad = await search({ query: 'getUser(', regex: true });
      assert.equal(bad.isError, true);
      assert.match(bad.content, /^Invalid regex "getUser\(": .*Unterminated group.*Fix it, or search literally without regex\.$/);
    } finally {
      await matcher?.dispose();
      await fx.dispose();
    }
  });

  test(`regex search over many files caps matches across batches as a literal one does (${name})`, async () => {
    // Five files of ~900 KB: more than one matcher round trip, 150 matching lines in all.
    const big = (n: number) => `${Array.from({ length: 30 }, (_, i) => `hit ${n}.${i}`).join('\n')}\n${'filler line\n'.repeat(75_000)}`;
    const files = Object.fromEntries([1, 2, 3, 4, 5].map((n) => [`big${n}.txt`, big(n)]));
    const fx = await toolFixture({ ...files, 'huge.txt': 'hit\n'.repeat(300_000), 'z.txt': 'hit last\n' });
    const matcher = makeMatcher();
    try {
      const literal = await fx.call('search', { query: 'hit' });
      const regex = await searchWith(fx, matcher)({ query: 'h.t', regex: true });
      assert.equal(regex.content, literal.content);
      const lines = regex.content.split('\n');
      assert.equal(lines.length, 101);
      assert.equal(lines[99], 'big4.txt:10: hit 4.9');
      assert.equal(lines[100], '[stopped at 100 matches; narrow the query or the glob]');
      // Files over 1 MB are named when the search reaches them (a few files: the tool reads them itself).
      const all = await searchWith(fx, matcher)({ query: 'h.t \\d\\.0$|last', regex: true });
      assert.equal(all.content, [1, 2, 3, 4, 5].map((n) => `big${n}.txt:1: hit ${n}.0`).concat('z.txt:1: hit last', '[skipped 1 file over 1 MB: huge.txt; read_file them in line ranges]').join('\n'));
    } finally {
      await matcher?.dispose();
      await fx.dispose();
    }
  });
}

test('a catastrophic regex through the worker is stopped with an error naming the file', async () => {
  const fx = await toolFixture({ 'a.txt': 'fine\n', 'src/evil.txt': `x\n${'a'.repeat(40)}!\n` });
  const matcher = createWorkerRegexMatcher({ budgetMs: 1000 });
  try {
    const result = await searchWith(fx, matcher)({ query: '(a+)+$', regex: true });
    assert.equal(result.isError, true);
    assert.equal(
      result.content,
      'The regex "(a+)+$" took longer than 1 s on src/evil.txt (likely catastrophic backtracking). Simplify it (avoid nested quantifiers like (a+)+) or search literally.',
    );
    // The same matcher serves the next search.
    assert.equal((await searchWith(fx, matcher)({ query: 'f.ne', regex: true })).content, 'a.txt:1: fine');
  } finally {
    await matcher.dispose();
    await fx.dispose();
  }
});

test('search sees the overlay and caps matches and long lines', async () => {
  const many = Array.from({ length: 150 }, (_, i) => `match ${i}`).join('\n');
  const long = `${'a'.repeat(500)}NEEDLE${'b'.repeat(500)}`;
  const fx = await toolFixture({ 'many.txt': many, 'long.txt': long, 'gone.txt': 'match me\n' });
  try {
    await fx.view.createFile('added.txt', 'a match in the overlay\n');
    await fx.view.deleteFile('gone.txt');
    const capped = await fx.call('search', { query: 'match' });
    const lines = capped.content.split('\n');
    assert.equal(lines[0], 'added.txt:1: a match in the overlay');
    assert.equal(lines.length, 101);
    assert.equal(lines[100], '[stopped at 100 matches; narrow the query or the glob]');
    assert.ok(!capped.content.includes('gone.txt'));
    const needle = await fx.call('search', { query: 'NEEDLE' });
    assert.match(needle.content, /^long\.txt:1: …a{60}NEEDLEb+…$/);
    assert.ok(needle.content.length < 230);
  } finally {
    await fx.dispose();
  }
});

test('a cancelled search stops with `cancelled`', async () => {
  const fx = await toolFixture({ 'a.txt': 'x\n' });
  try {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      executeToolCall(AGENT_TOOLS, toolCall('search', { query: 'x' }), { ...fx.ctx, signal: controller.signal }),
      (err) => isSquadError(err, 'cancelled'),
    );
  } finally {
    await fx.dispose();
  }
});
