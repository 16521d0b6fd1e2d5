import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agentTurns, call } from '../../../support/agentScripts';
import type { ScriptedTurn } from '../../../support/script';
import { type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';
import { NUDGE_USE_TOOLS } from '../../../../src/core/agents/prompt';
import { planTask, requestsFor, squadFixture, statuses, turnCounts } from '../../../support/squadHarness';

const FILES = { 'src/app.js': Array.from({ length: 20 }, (_, i) => `export const v${i} = ${i};\n`).join('') };

/** Answers every model call of the task with the same reply, however often it is asked. */
function forever(taskId: string, reply: ScriptedTurn['reply']): ScriptedTurn {
  return { name: `${taskId} forever`, match: { contains: [`Your task (${taskId})`] }, reply };
}

describe('agents that never get anywhere', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
  });
  after(() => server.close());

  it('the same call again and again fails the task with "loops without progress"', async () => {
    server.setScript({ turns: [forever('t1', { toolCalls: [call('read_file', { path: 'src/app.js' })] })] });
    const run = await squadFixture({ server, files: FILES, plan: { summary: 'loop', tasks: [planTask('t1')] } });
    try {
      const since = server.requests.length;
      const { outcome } = await run.execute({ limits: { maxTurns: 10, maxTokens: 1_000_000 } });
      assert.equal(outcome, 'incomplete');
      const t1 = run.session.state.tasks.t1;
      assert.equal(t1?.status, 'failed');
      assert.equal(t1?.code, 'agent/no_progress');
      assert.equal(t1?.reason, 'The agent loops without progress: it called read_file with the same arguments in 3 replies.');
      assert.deepEqual(turnCounts(server, since), { 't1 forever': 3 });
    } finally {
      await run.dispose();
    }
  });

  it('calls that fail again and again (different each time) also count as no progress', async () => {
    const steps = Array.from({ length: 12 }, (_, i) => [call('read_file', { path: `src/missing${i}.js` })]);
    server.setScript({ turns: agentTurns('t1', steps) });
    const run = await squadFixture({ server, files: FILES, plan: { summary: 'errors', tasks: [planTask('t1')] } });
    try {
      const since = server.requests.length;
      await run.execute({ limits: { maxTurns: 20, maxTokens: 1_000_000 } });
      const t1 = run.session.state.tasks.t1;
      assert.equal(t1?.status, 'failed');
      assert.equal(t1?.code, 'agent/no_progress');
      assert.equal(t1?.reason, 'The agent loops without progress: every call of its last 5 replies failed (last: No such file: src/missing4.js. Use list_files to see what exists.).');
      assert.equal(server.requests.length - since, 5);
    } finally {
      await run.dispose();
    }
  });

  it('a model that never calls finish stops at the turn limit', async () => {
    // Distinct calls, so the repetition guard does not fire first.
    const steps = Array.from({ length: 10 }, (_, i) => [call('read_file', { path: 'src/app.js', startLine: i + 1, endLine: i + 1 })]);
    server.setScript({ turns: agentTurns('t1', steps) });
    const run = await squadFixture({ server, files: FILES, plan: { summary: 'no finish', tasks: [planTask('t1')] } });
    try {
      const since = server.requests.length;
      const { outcome } = await run.execute({ limits: { maxTurns: 4, maxTokens: 1_000_000 } });
      assert.equal(outcome, 'incomplete');
      const t1 = run.session.state.tasks.t1;
      assert.equal(t1?.status, 'failed');
      assert.equal(t1?.code, 'agent/turn_limit');
      assert.equal(t1?.reason, 'The agent did not finish within 4 turns.');
      assert.deepEqual(turnCounts(server, since), { 't1 turn 0': 1, 't1 turn 1': 1, 't1 turn 2': 1, 't1 turn 3': 1 });
      assert.equal(t1?.turns.length, 4);
    } finally {
      await run.dispose();
    }
  });

  it('a task over its token budget fails with the count', async () => {
    server.setScript({ turns: agentTurns('t1', Array.from({ length: 5 }, (_, i) => [call('read_file', { path: 'src/app.js', startLine: i + 1 })])) });
    const run = await squadFixture({ server, files: FILES, plan: { summary: 'tokens', tasks: [planTask('t1')] } });
    try {
      // agentTurns bills 860, 960, 1060 … tokens per turn: over 2,000 after the third turn.
      await run.execute({ limits: { maxTurns: 10, maxTokens: 2_000 } });
      const t1 = run.session.state.tasks.t1;
      assert.equal(t1?.code, 'agent/token_limit');
      assert.equal(t1?.reason, 'The task used 2,880 tokens, over its limit of 2,000.');
      assert.equal(t1?.turns.length, 3);
    } finally {
      await run.dispose();
    }
  });

  it('a model that answers with text twice fails with the reason; its dependents are blocked, independent tasks finish', async () => {
    server.setScript({
      turns: [
        forever('t1', { text: 'I think the change is straightforward; you can add the column yourself.' }),
        ...agentTurns('t4', [[call('propose_edit', { path: 'src/app.js', edits: [{ search: 'v0 = 0', replace: 'v0 = 100' }] })], [call('finish', { summary: 'v0 is 100.' })]]),
      ],
    });
    const plan = { summary: 'text only', tasks: [planTask('t1', [], 'database'), planTask('t2', ['t1']), planTask('t3', ['t2'], 'frontend'), planTask('t4', [], 'frontend')] };
    const run = await squadFixture({ server, files: FILES, plan });
    try {
      const since = server.requests.length;
      const { outcome } = await run.execute({ concurrency: 2 });
      assert.equal(outcome, 'incomplete');
      assert.deepEqual(statuses(run.session), { t1: 'failed', t2: 'blocked', t3: 'blocked', t4: 'proposed' });
      const tasks = run.session.state.tasks;
      assert.equal(tasks.t1?.reason, 'The model stopped calling tools without calling finish.');
      assert.equal(tasks.t1?.code, 'agent/no_progress');
      assert.deepEqual(tasks.t2?.blockedBy, ['t1']);
      assert.deepEqual(tasks.t3?.blockedBy, ['t2']);
      assert.equal(tasks.t3?.reason, 'Not started: t2 blocked.');
      // Two text answers: the second request was the nudge.
      const t1Requests = requestsFor(server, 't1 forever', since);
      assert.equal(t1Requests.length, 2);
      const messages = (t1Requests[1]?.body as { messages: { role: string; content: string }[] }).messages;
      assert.deepEqual(messages.at(-1), { role: 'user', content: NUDGE_USE_TOOLS });
      // Blocked tasks never started, so never called the model.
      assert.equal(server.requests.slice(since).filter((r) => JSON.stringify(r.body).includes('Your task (t2)')).length, 0);
      assert.equal(tasks.t4?.files[0]?.path, 'src/app.js');
    } finally {
      await run.dispose();
    }
  });

  it('eight failing calls in one reply are not a loop: the model sees the errors first', {
  }, async () => {
    server.setScript({
      turns: agentTurns('t1', [
        Array.from({ length: 8 }, (_, i) => call('read_file', { path: `src/guess${i}.js` })),
        [call('read_file', { path: 'src/app.js' })],
        [call('finish', { summary: 'Found the right file.' })],
      ]),
    });
    const run = await squadFixture({ server, files: FILES, plan: { summary: 'guesses', tasks: [planTask('t1')] } });
    try {
      await run.execute();
      assert.equal(run.session.state.tasks.t1?.status, 'proposed', run.session.state.tasks.t1?.reason);
    } finally {
      await run.dispose();
    }
  });

  it('reading one file three times in one reply is not a loop', {
  }, async () => {
    server.setScript({
      turns: agentTurns('t1', [
        [call('read_file', { path: 'src/app.js' }), call('read_file', { path: 'src/app.js' }), call('read_file', { path: 'src/app.js' })],
        [call('finish', { summary: 'Read it.' })],
      ]),
    });
    const run = await squadFixture({ server, files: FILES, plan: { summary: 'triple read', tasks: [planTask('t1')] } });
    try {
      await run.execute();
      assert.equal(run.session.state.tasks.t1?.status, 'proposed', run.session.state.tasks.t1?.reason);
    } finally {
      await run.dispose();
    }
  });
});
