import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSquadError } from '../../../../src/core/common/errors';
import { executeToolCall } from '../../../../src/core/tools/execute';
import { AGENT_TOOLS } from '../../../../src/core/tools/index';
import { toolCall, toolFixture } from './fixture';

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

test('regex search, and an invalid regex is an error result', async () => {
  const fx = await toolFixture(FILES);
  try {
    const re = await fx.call('search', { query: 'export (function|const) \\w+\\(', regex: true });
    assert.equal(re.content, 'src/users.ts:1: export function getUser(id: string) {\nweb/UserCard.tsx:1: export function UserCard() {');
    // Escapes like \w do not make a regex case-sensitive; real capitals do.
    assert.equal((await fx.call('search', { query: 'todo:\\s\\w+', regex: true })).content, 'src/orders.ts:1: // TODO: paginate');
    assert.equal((await fx.call('search', { query: 'Todo', regex: true })).content, 'No matches for "Todo" in 4 files.');
    const bad = await fx.call('search', { query: 'getUser(', regex: true });
    assert.equal(bad.isError, true);
    assert.match(bad.content, /^Invalid regex "getUser\(": .*Unterminated group.*Fix it, or search literally without regex\.$/);
  } finally {
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
