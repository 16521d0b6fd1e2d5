/**
 * What the journal keeps of a tool result and how a replay reads it back: reads over 1 KB by
 * digest, everything else whole; the tests' result always whole (never run again); a proposal
 * tool always run again; and text fenced by another process's untrusted-data id fenced with this
 * process's id, so a replayed test output stays one block the model reads as data.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { INLINE_RESULT_MAX_CHARS, resultRecord, reusableResult, sameResult } from '../../../../src/core/agents/replay';
import { toolCallFromRaw } from '../../../../src/core/llm/toolArgs';
import { untrustedNonce, wrapUntrusted } from '../../../../src/core/security/untrusted';
import { AGENT_TOOLS, QA_TOOLS, toolRegistry, type ToolResult } from '../../../../src/core/tools';

const tools = toolRegistry(QA_TOOLS);
const result = (toolName: string, content: string, isError = false): ToolResult => ({ toolCallId: 'c1', toolName, content, isError });

describe('tool results in the journal', () => {
  it('keeps long reads by digest and everything else whole', async () => {
    const long = 'x'.repeat(INLINE_RESULT_MAX_CHARS + 1);
    const digest = await resultRecord(tools, result('read_file', long));
    assert.ok('sha256' in digest && digest.length === long.length);
    assert.deepEqual(await resultRecord(tools, result('read_file', 'short')), { content: 'short' });
    assert.ok('content' in (await resultRecord(tools, result('run_tests', `FAILED\n${long}`))));
    assert.equal(await sameResult(digest, result('read_file', long)), true);
    assert.equal(await sameResult(digest, result('read_file', `${long.slice(1)}y`)), false);
  });

  it('replays a read or the tests from the journal, and runs a proposal tool again', async () => {
    const read = toolCallFromRaw('c1', 'read_file', '{"path":"a.js"}');
    assert.deepEqual(reusableResult(tools, read, { result: { content: 'a.js (lines 1-1 of 1)\n   1 | x' }, isError: false }), result('read_file', 'a.js (lines 1-1 of 1)\n   1 | x'));
    assert.equal(reusableResult(tools, read, { result: { sha256: 'ab'.repeat(32), length: 5000 }, isError: false }), undefined);
    assert.equal(reusableResult(tools, read, { isError: false }), undefined);
    const edit = toolCallFromRaw('c1', 'propose_edit', '{}');
    assert.equal(reusableResult(toolRegistry(AGENT_TOOLS), edit, { result: { content: 'Proposed an edit to a.js: +1 -1 lines.' }, isError: false }), undefined);
  });

  it('fences another process\'s untrusted blocks with this process\'s id', async () => {
    const now = wrapUntrusted('✖ adds tags', 'test output');
    const recorded = await resultRecord(tools, result('run_tests', `node --test: FAILED\n${now}`));
    assert.ok('content' in recorded && recorded.fence === untrustedNonce());
    // The same text as a process with another id wrote it.
    const other = 'a1b2c3d4e5f60718';
    const journaled = { content: `node --test: FAILED\n${now.replaceAll(untrustedNonce(), other)}`, fence: other };
    const replayed = reusableResult(tools, toolCallFromRaw('c1', 'run_tests', '{}'), { result: journaled, isError: false });
    assert.equal(replayed?.content, `node --test: FAILED\n${now}`);
    assert.equal(await sameResult(journaled, result('run_tests', `node --test: FAILED\n${now}`)), true);
  });
});
