import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { isSquadError, SquadError, cancelledError } from '../../../../src/core/common/errors';
import { defineTool } from '../../../../src/core/tools/defineTool';
import { executeToolCall, toolRegistry } from '../../../../src/core/tools/execute';
import { AGENT_TOOLS } from '../../../../src/core/tools/index';
import { toolCall, toolFixture } from './fixture';

test('unknown tools and malformed JSON become error results that say what to send', async () => {
  const fx = await toolFixture({ 'a.txt': 'a\n' });
  try {
    const unknown = await fx.call('write_file', { path: 'a.txt' });
    assert.equal(unknown.isError, true);
    assert.match(unknown.content, /Unknown tool "write_file"\. Available tools: list_files, read_file, search, propose_edit, create_file, delete_file, finish\./);

    const malformed = await executeToolCall(
      AGENT_TOOLS,
      { id: 'c1', name: 'read_file', rawArguments: '{"path": "a.txt"', arguments: undefined, argumentsError: 'The arguments of read_file are not valid JSON: Unexpected end of JSON input' },
      fx.ctx,
    );
    assert.equal(malformed.isError, true);
    assert.equal(malformed.toolCallId, 'c1');
    assert.equal(
      malformed.content,
      'The arguments of read_file are not valid JSON: Unexpected end of JSON input\nSend one JSON object: read_file({ path: string, startLine?: integer, endLine?: integer })',
    );

    // Some servers send no arguments at all for a call that needs none.
    const empty = await executeToolCall(AGENT_TOOLS, { id: 'c2', name: 'list_files', rawArguments: '', arguments: undefined, argumentsError: 'not JSON' }, fx.ctx);
    assert.equal(empty.isError, false);
    assert.match(empty.content, /a\.txt/);
  } finally {
    await fx.dispose();
  }
});

test('schema violations list each issue with its path and show the expected shape', async () => {
  const fx = await toolFixture({ 'a.txt': 'a\n' });
  try {
    const missing = await fx.call('read_file', {});
    assert.equal(missing.isError, true);
    assert.equal(missing.content, 'Invalid arguments for read_file:\n- path: required (string)\nExpected: read_file({ path: string, startLine?: integer, endLine?: integer })');

    const wrong = await fx.call('read_file', { path: 'a.txt', startLine: '3', endLine: 2.5, start_line: 3 });
    assert.equal(wrong.isError, true);
    assert.match(wrong.content, /^- startLine: expected number, got string$/m);
    assert.match(wrong.content, /^- endLine: expected integer, got number \(not an integer\)$/m);
    assert.match(wrong.content, /^- arguments: unknown field "start_line"$/m);

    const nested = await fx.call('propose_edit', { path: 'a.txt', edits: [{ search: 'a' }, { search: 1, replace: 'x' }] });
    assert.match(nested.content, /^- edits\[0\]\.replace: required \(string\)$/m);
    assert.match(nested.content, /^- edits\[1\]\.search: expected string, got number$/m);
    assert.match(nested.content, /Expected: propose_edit\(\{ path: string, edits: \{ search: string, replace: string \}\[\] \}\)/);

    const none = await fx.call('propose_edit', { path: 'a.txt', edits: [] });
    assert.equal(none.isError, true);
    assert.match(none.content, /^- edits: .*>=1/m);

    const notObject = await fx.call('finish', 'done');
    assert.match(notObject.content, /^- arguments: expected object, got string$/m);
  } finally {
    await fx.dispose();
  }
});

test('SquadErrors and unexpected errors inside a tool become error results without stacks', async () => {
  const fx = await toolFixture({ 'a.txt': 'a\n' });
  const failing = defineTool({
    name: 'explode',
    description: 'test',
    args: z.strictObject({ kind: z.enum(['squad', 'plain', 'string']) }),
    async run({ kind }) {
      if (kind === 'squad') throw new SquadError('edit/ambiguous', 'The search text occurs 3 times.', { details: ['line 4', 'line 9'] });
      if (kind === 'plain') throw new TypeError('cannot read x of undefined');
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- a non-Error throw is the case under test
      throw 'a bare string';
    },
  });
  try {
    const refused = await fx.call('read_file', { path: '../../etc/passwd' });
    assert.equal(refused.isError, true);
    assert.match(refused.content, /^Refused "\.\.\/\.\.\/etc\/passwd": "\.\." leads outside the workspace\.$/);

    const squad = await executeToolCall([failing], toolCall('explode', { kind: 'squad' }), fx.ctx);
    assert.deepEqual([squad.isError, squad.content], [true, 'The search text occurs 3 times.\nline 4\nline 9']);
    const plain = await executeToolCall([failing], toolCall('explode', { kind: 'plain' }), fx.ctx);
    assert.deepEqual([plain.isError, plain.content], [true, 'explode failed: cannot read x of undefined']);
    const bare = await executeToolCall([failing], toolCall('explode', { kind: 'string' }), fx.ctx);
    assert.equal(bare.content, 'explode failed: a bare string');
    assert.doesNotMatch(plain.content, /\bat\b.*\.ts/);
  } finally {
    await fx.dispose();
  }
});

test('cancellation propagates as `cancelled` instead of becoming a result', async () => {
  const fx = await toolFixture({ 'a.txt': 'a\n' });
  const controller = new AbortController();
  const ctx = { ...fx.ctx, signal: controller.signal };
  const aborting = defineTool({
    name: 'slow',
    description: 'test',
    args: z.strictObject({ how: z.enum(['squad', 'dom']) }),
    async run({ how }) {
      controller.abort();
      if (how === 'squad') throw cancelledError(controller.signal);
      controller.signal.throwIfAborted(); // a DOMException AbortError, as fetch and fs throw
      return 'unreachable';
    },
  });
  try {
    await assert.rejects(executeToolCall([aborting], toolCall('slow', { how: 'squad' }), ctx), (err) => isSquadError(err, 'cancelled'));
    const again = new AbortController();
    const ctx2 = { ...fx.ctx, signal: again.signal };
    const domAborting = defineTool({
      name: 'slow',
      description: 'test',
      args: z.strictObject({}),
      async run() {
        again.abort();
        again.signal.throwIfAborted();
        return 'unreachable';
      },
    });
    await assert.rejects(executeToolCall([domAborting], toolCall('slow', {}), ctx2), (err) => isSquadError(err, 'cancelled'));
    // Already cancelled: nothing runs.
    await assert.rejects(executeToolCall(AGENT_TOOLS, toolCall('list_files', {}), ctx2), (err) => isSquadError(err, 'cancelled'));
  } finally {
    await fx.dispose();
  }
});

test('huge results are truncated with a clear marker', async () => {
  const fx = await toolFixture({});
  const chatty = defineTool({
    name: 'chatty',
    description: 'test',
    args: z.strictObject({}),
    run: async () => Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n'),
  });
  try {
    const result = await executeToolCall([chatty], toolCall('chatty', {}), fx.ctx, { maxChars: 1000 });
    assert.equal(result.isError, false);
    assert.ok(result.content.length < 1100);
    assert.match(result.content, /\n\[… output truncated: \d+ more characters not shown\]$/);
    assert.ok(result.content.startsWith('line 0\nline 1\n'));
  } finally {
    await fx.dispose();
  }
});

test('finish marks the task finished with its summary', async () => {
  const fx = await toolFixture({});
  try {
    const result = await fx.call('finish', { summary: 'Added the users table.' });
    assert.deepEqual(
      { isError: result.isError, finished: result.finished, content: result.content },
      { isError: false, finished: { summary: 'Added the users table.' }, content: 'Task finished.' },
    );
    const empty = await fx.call('finish', { summary: '' });
    assert.equal(empty.isError, true);
    assert.equal(empty.finished, undefined);
  } finally {
    await fx.dispose();
  }
});

test('tool specs are compact JSON Schemas within the prompt budget', () => {
  assert.deepEqual(AGENT_TOOLS.map((t) => t.name), ['list_files', 'read_file', 'search', 'propose_edit', 'create_file', 'delete_file', 'finish']);
  const read = AGENT_TOOLS[1]?.spec;
  assert.deepEqual(read?.parameters, {
    type: 'object',
    properties: { path: { type: 'string' }, startLine: { type: 'integer', minimum: 1 }, endLine: { type: 'integer', minimum: 1 } },
    required: ['path'],
  });
  const json = JSON.stringify(AGENT_TOOLS.map((t) => ({ type: 'function', function: t.spec })));
  assert.doesNotMatch(json, /\$schema|additionalProperties|9007199254740991/);
  const tokens = new Tiktoken(o200k).encode(json).length;
  // The role prompt budget is 2,000 tokens for prompt plus tools; the tools take well under half.
  assert.ok(tokens < 600, `tool schemas take ${tokens} tokens`);
  assert.throws(() => toolRegistry([AGENT_TOOLS[0]!, AGENT_TOOLS[0]!]), /Two tools are named list_files/);
  assert.equal(toolRegistry(AGENT_TOOLS).get('search'), AGENT_TOOLS[2]);
});
