/**
 * What a resume replays of a task or fix round that stopped: every recorded turn when a model call
 * failed or the user cancelled (those replies are sound and paid for), the turns before a closing
 * streak of failed calls when the agent stopped making progress, none when replaying would end the
 * same way; and the reducer drops exactly the turns left out.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunEvent, type RunEventPayload } from '../../../../src/core/run/events';
import { projectRun } from '../../../../src/core/run/reduce';
import { fixesToResume, retryOf } from '../../../../src/core/run/retry';

const plan = { summary: 'p', tasks: [{ id: 't1', role: 'backend', title: 'T', description: 'D', dependsOn: [] }] };
const usage = { input: 1, output: 1, cacheRead: 0, cacheWrite: 0 };

/** Turn k of `round` with one call, failed or not. */
function turn(round: number, k: number, failed: boolean): RunEventPayload[] {
  const callId = `c${round}.${k}`;
  return [
    { type: 'model.turn', taskId: 't1', round, turn: k, reply: { text: '', toolCalls: [{ id: callId, name: 'read_file', rawArguments: '{}' }], usage, model: 'm', stopReason: 'tool_calls' } },
    { type: 'tool.called', taskId: 't1', round, turn: k, callId, tool: 'read_file', summary: failed ? 'read_file failed: no' : 'read x', isError: failed },
  ];
}

function project(payloads: RunEventPayload[]) {
  const events = [{ type: 'run.started', request: 'r', workspaceName: 'w', roles: ['backend'] } as RunEventPayload, { type: 'plan.proposed', plan, attempt: 1 } as RunEventPayload, ...payloads]
    .map((p, seq) => parseRunEvent({ ...p, runId: 'r', seq, at: seq }));
  return { events, state: projectRun(events) };
}

const failedWith = (code: string, turns: boolean[]) =>
  project([{ type: 'task.started', taskId: 't1', role: 'backend', model: 'm' }, ...turns.flatMap((f, k) => turn(0, k, f)), { type: 'task.finished', taskId: 't1', outcome: 'failed', reason: 'x', code }]).state.tasks.t1!;

describe('retryOf', () => {
  it('keeps every recorded turn when the model call failed', () => {
    for (const code of ['llm/server', 'llm/rate_limited', 'llm/timeout', 'llm/network', 'llm/auth', 'config/invalid']) {
      assert.deepEqual(retryOf(failedWith(code, [false, false, true])), { fresh: false }, code);
    }
  });

  it('keeps the turns before a closing streak of failed calls, and none when there is no such streak', () => {
    assert.deepEqual(retryOf(failedWith('agent/no_progress', [false, false, true, true, true])), { fresh: true, keepTurns: 2 });
    assert.deepEqual(retryOf(failedWith('agent/no_progress', [true, true, true])), { fresh: true });
    assert.deepEqual(retryOf(failedWith('agent/no_progress', [false, false, false])), { fresh: true });
  });

  it('starts from scratch when replaying would end the same way', () => {
    for (const code of ['agent/turn_limit', 'agent/token_limit', 'llm/context_length', 'changes/conflict', 'internal']) {
      assert.deepEqual(retryOf(failedWith(code, [false, false])), { fresh: true }, code);
    }
  });

  it('the reducer drops the turns left out, their tool calls and the proposal they built', () => {
    const { state } = project([
      { type: 'task.started', taskId: 't1', role: 'backend', model: 'm' },
      ...[false, true, true].flatMap((f, k) => turn(0, k, f)),
      { type: 'proposal.updated', taskId: 't1', round: 0, files: [], changes: [{ path: 'a', base: null, content: 'x' }] },
      { type: 'task.finished', taskId: 't1', outcome: 'failed', reason: 'x', code: 'agent/no_progress' },
      { type: 'task.retried', taskId: 't1', attempt: 2, fresh: true, keepTurns: 1 },
    ]);
    const t = state.tasks.t1!;
    assert.equal(t.status, 'pending');
    assert.equal(t.turns.length, 1);
    assert.deepEqual(t.activity.map((a) => a.turn), [0]);
    assert.deepEqual(t.changes, []);
  });
});

describe('fixesToResume', () => {
  const fixRound = (turns: boolean[], finished: RunEventPayload | undefined) =>
    project([
      { type: 'task.started', taskId: 't1', role: 'backend', model: 'm' },
      { type: 'task.finished', taskId: 't1', outcome: 'proposed', summary: 's' },
      { type: 'failure.routed', round: 1, taskId: 't1', tests: ['x'], files: ['a.js'] },
      { type: 'fix.started', taskId: 't1', round: 1 },
      ...turns.flatMap((f, k) => turn(1, k, f)),
      ...(finished ? [finished] : []),
    ]);

  it('runs again a fix a model error or a cancel stopped, keeping its turns', () => {
    const error = fixRound([false, false], { type: 'fix.finished', taskId: 't1', round: 1, outcome: 'failed', reason: 'x', code: 'llm/server' });
    assert.deepEqual(fixesToResume(error.state, error.events), [{ taskId: 't1', round: 1, keepTurns: 2 }]);
    const cancelled = fixRound([false], { type: 'fix.finished', taskId: 't1', round: 1, outcome: 'cancelled', reason: 'x', code: 'cancelled' });
    assert.deepEqual(fixesToResume(cancelled.state, cancelled.events), [{ taskId: 't1', round: 1, keepTurns: 1 }]);
    const stuck = fixRound([false, true, true], { type: 'fix.finished', taskId: 't1', round: 1, outcome: 'failed', reason: 'x', code: 'agent/no_progress' });
    assert.deepEqual(fixesToResume(stuck.state, stuck.events), [{ taskId: 't1', round: 1, keepTurns: 1 }]);
  });

  it('leaves alone a fix that revised, one out of turns, and one an older journal recorded without a code', () => {
    for (const finished of [
      { type: 'fix.finished', taskId: 't1', round: 1, outcome: 'revised', summary: 's' },
      { type: 'fix.finished', taskId: 't1', round: 1, outcome: 'failed', reason: 'x', code: 'agent/turn_limit' },
      { type: 'fix.finished', taskId: 't1', round: 1, outcome: 'failed', reason: 'x' },
    ] as RunEventPayload[]) {
      const r = fixRound([false], finished);
      assert.deepEqual(fixesToResume(r.state, r.events), [], JSON.stringify(finished));
    }
  });

  it('the reducer puts the task back to fixing with the kept turns, and the round ends once in its history', () => {
    const r = project([
      ...fixRound([false, true], { type: 'fix.finished', taskId: 't1', round: 1, outcome: 'failed', reason: 'x', code: 'agent/no_progress' }).events.slice(2),
      { type: 'fix.retried', taskId: 't1', round: 1, keepTurns: 1 },
    ]);
    const t = r.state.tasks.t1!;
    assert.deepEqual([t.status, t.fixRound, t.fixTurns[1]?.length], ['fixing', 1, 1]);
    const done = projectRun([...r.events, parseRunEvent({ type: 'fix.finished', taskId: 't1', round: 1, outcome: 'revised', summary: 'ok', runId: 'r', seq: r.events.length, at: 0 })]);
    assert.deepEqual(done.tasks.t1?.history.map((h) => [h.round, h.outcome]), [[0, 'proposed'], [1, 'revised']]);
  });
});
