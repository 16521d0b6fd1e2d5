import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agentTurns, call } from '../../../support/agentScripts';
import type { Script, ScriptedToolCall, ScriptedTurn } from '../../../support/script';
import { type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';
import { crashingStorage, makeModel, planTask, requestsFor, ROLES, type SquadFixture, squadFixture, turnCounts } from '../../../support/squadHarness';
import { computeFileDiff } from '../../../../src/core/changes/hunks';
import { driveRun, reviseTask, type DriverConfig } from '../../../../src/core/run/driver';
import type { RunEvent } from '../../../../src/core/run/events';
import type { RunSession } from '../../../../src/core/run/session';
import { acceptedSelection } from '../../../../src/core/review/selection';
import { reviewTree } from '../../../../src/core/review/tree';
import { createFsStorage } from '../../../../src/node/fsStorage';

const FILLER = Array.from({ length: 10 }, (_, i) => `export const filler${i} = ${i};`).join('\n');
const FILES = { 'src/api.js': `export const limit = 10;\n${FILLER}\nexport const name = "api";\n` };

const PLAN = {
  summary: 'Paged API',
  tasks: [planTask('t1', [], 'backend'), planTask('t2', ['t1'], 'frontend'), planTask('t3', ['t2'], 'qa')],
};

const COMMENT = '50 is too many; use 20, the documented maximum.';
const REVISION = 'asks for changes';
const DEPENDENCY = 'was revised after you proposed';

const turn = (name: string, contains: string[], assistantTurns: number, toolCalls: readonly ScriptedToolCall[]): ScriptedTurn => ({
  name,
  match: { contains, assistantTurns },
  reply: { toolCalls, usage: { input: 900, output: 50 } },
});

function script(): Script {
  return {
    turns: [
      // Revision rounds come first: the first matching turn answers, and their conversations name the task too.
      turn('t1 revision turn 0', ['Your task (t1)', REVISION], 0, [call('propose_edit', { path: 'src/api.js', edits: [{ search: 'limit = 50', replace: 'limit = 20' }] })]),
      turn('t1 revision turn 1', ['Your task (t1)', REVISION], 1, [call('finish', { summary: 'The limit is 20 now.' })]),
      turn('t2 dependency turn 0', ['Your task (t2)', DEPENDENCY], 0, [call('finish', { summary: 'unchanged: pageSize follows limit.' })]),
      ...agentTurns('t1', [
        [call('propose_edit', { path: 'src/api.js', edits: [{ search: 'limit = 10', replace: 'limit = 50' }, { search: 'name = "api"', replace: 'name = "squad-api"' }] })],
        [call('finish', { summary: 'Limit 50 and a new name.' })],
      ]),
      ...agentTurns('t2', [
        [call('create_file', { path: 'src/ui.js', content: 'import { limit } from "./api.js";\nexport const pageSize = limit;\n' })],
        [call('finish', { summary: 'pageSize from limit.' })],
      ]),
      ...agentTurns('t3', [
        [call('create_file', { path: 'test/ui.test.js', content: 'import { pageSize } from "../src/ui.js";\n' })],
        [call('finish', { summary: 'A test.' })],
      ]),
    ],
  };
}

function driverConfig(server: ScriptedServer, fx: SquadFixture): DriverConfig {
  const model = makeModel(server, 'openai', 'scripted', 0);
  return {
    root: fx.root,
    workspace: fx.workspace,
    storage: createFsStorage(fx.journalDir),
    modelFor: () => model,
    concurrency: 2,
    planLimits: { roles: ROLES, maxTasks: 100 },
    maxFixRounds: 2,
  };
}

const limitHunk = (session: RunSession) => {
  const file = session.state.tasks.t1!.changes.find((c) => c.path === 'src/api.js')!;
  return computeFileDiff(file.path, file.base ?? undefined, file.content ?? undefined).hunks.find((h) => h.lines.some((l) => l.startsWith('+export const limit')))!;
};

const hunkScope = (session: RunSession) => ({ kind: 'hunk' as const, taskId: 't1', path: 'src/api.js', hunkId: limitHunk(session).id });

/** The text of every message of a request, as the server received it. */
function sentText(server: ScriptedServer, name: string): string {
  const request = requestsFor(server, name)[0];
  assert.ok(request, `no request answered by "${name}"`);
  return JSON.stringify(request.body);
}

describe('request changes: a comment goes back to the task’s agent, which revises in a round of its own', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer(script(), { log: () => {} });
  });
  after(async () => {
    await server.close();
  });

  it('sends the comment and the hunk to the agent, makes round 2 with its own diff, resets stale accepts and tells the dependents', async () => {
    server.setScript(script());
    const fx = await squadFixture({ server, files: FILES, plan: PLAN });
    try {
      assert.equal((await fx.execute({ concurrency: 1 })).outcome, 'completed');
      const session = fx.session;
      // The user had accepted all of t1 before asking for a change on one hunk.
      await session.emit({ type: 'review.decided', scope: { kind: 'task', taskId: 't1' }, decision: 'accepted' });
      const before = server.requests.length;

      const outcome = await reviseTask(session, driverConfig(server, fx), { scope: hunkScope(session), comment: COMMENT }, new AbortController().signal);

      assert.equal(outcome.result.outcome, 'proposed');
      // The agent saw the user's words, the scope and the hunk's lines.
      const sent = sentText(server, 't1 revision turn 0');
      assert.ok(sent.includes(COMMENT), 'the comment reaches the prompt');
      assert.ok(sent.includes('on this change in src/api.js'), 'the scope is named');
      assert.ok(sent.includes('+export const limit = 50;'), 'the hunk the comment is about is quoted');
      assert.deepEqual(turnCounts(server, before), { 't1 revision turn 0': 1, 't1 revision turn 1': 1, 't2 dependency turn 0': 1 });

      // Round 2 of t1 (its first revision), with its own diff.
      const t1 = session.state.tasks.t1!;
      assert.deepEqual(t1.history.map((h) => [h.round, h.outcome]), [[0, 'proposed'], [outcome.round, 'revised']]);
      assert.equal(t1.status, 'proposed');
      assert.equal(t1.summary, 'The limit is 20 now.');
      assert.equal(session.events.at(-1)?.type, 'run.finished', 'the run ends again after it worked again');
      assert.equal(session.state.status, 'completed');
      assert.match(t1.changes[0]!.content ?? '', /limit = 20;[\s\S]*name = "squad-api"/);
      assert.deepEqual(session.state.revisions.requests.map((r) => [r.taskId, r.round, r.comment, r.scope.kind]), [['t1', outcome.round, COMMENT, 'hunk']]);

      // The stale accept does not carry over to the new hunk; the untouched hunk keeps its accept.
      const file = reviewTree(session.state).find((t) => t.taskId === 't1')!.files[0]!;
      const decisions = Object.fromEntries(file.hunks.map((h) => [h.hunk.lines.find((l) => l.startsWith('+'))!, h.decision]));
      assert.deepEqual(decisions, { '+export const limit = 20;': 'undecided', '+export const name = "squad-api";': 'accepted' });
      const selected = acceptedSelection(session.state).files.find((f) => f.path === 'src/api.js')!;
      assert.match(selected.content ?? '', /^export const limit = 10;/);
      assert.ok(selected.content?.includes('name = "squad-api"'));

      // t2 built on t1 and had proposed: told, with t1's new diff, in a short round; t3 (further down) is told only.
      assert.deepEqual(session.state.revisions.notices.map((n) => [n.taskId, n.dependency, n.round !== undefined]), [['t2', 't1', true], ['t3', 't1', false]]);
      const dependentSent = sentText(server, 't2 dependency turn 0');
      assert.ok(dependentSent.includes('+export const limit = 20;'), 't2 sees t1’s new diff');
      assert.ok(dependentSent.includes(COMMENT), 't2 hears why');
      assert.deepEqual(session.state.tasks.t2!.history.map((h) => h.outcome), ['proposed', 'revised']);
      assert.equal(session.state.tasks.t3!.history.length, 1);
    } finally {
      await fx.dispose();
    }
  });

  it('refuses a comment that is empty or names a change no longer there, and journals nothing', async () => {
    server.setScript(script());
    const fx = await squadFixture({ server, files: FILES, plan: PLAN });
    try {
      await fx.execute({ concurrency: 1 });
      const session = fx.session;
      const count = session.events.length;
      const config = driverConfig(server, fx);
      const signal = new AbortController().signal;
      await assert.rejects(reviseTask(session, config, { scope: { kind: 'task', taskId: 't1' }, comment: '   ' }, signal), /comment is empty/);
      await assert.rejects(reviseTask(session, config, { scope: { kind: 'hunk', taskId: 't1', path: 'src/api.js', hunkId: 'gone' }, comment: COMMENT }, signal), /no longer in t1's proposal/);
      await assert.rejects(reviseTask(session, config, { scope: { kind: 'file', taskId: 't9', path: 'x' }, comment: COMMENT }, signal), /no task t9/);
      assert.equal(session.events.length, count);
    } finally {
      await fx.dispose();
    }
  });

  it('a crash mid-revision resumes from the journal without paying for the recorded turn again', async () => {
    server.setScript(script());
    let crashed: Promise<void> = Promise.resolve();
    const afterFirstRevisionTurn = (e: RunEvent) => e.type === 'model.turn' && e.taskId === 't1' && e.round > 0 && e.turn === 0;
    const fx = await squadFixture({
      server,
      files: FILES,
      plan: PLAN,
      storage: (inner) => {
        const storage = crashingStorage(inner, afterFirstRevisionTurn);
        crashed = storage.crashed;
        return storage;
      },
    });
    try {
      assert.equal((await fx.execute({ concurrency: 1 })).outcome, 'completed');
      const before = server.requests.length;
      const dead = new AbortController();
      // Never settles: the process "died" with the journal's appends hanging.
      void reviseTask(fx.session, driverConfig(server, fx), { scope: hunkScope(fx.session), comment: COMMENT }, dead.signal).catch(() => undefined);
      await crashed;
      dead.abort();
      assert.deepEqual(turnCounts(server, before), { 't1 revision turn 0': 1 });

      const resumed = await fx.resume();
      assert.equal(resumed.state.tasks.t1!.status, 'fixing');
      assert.equal(resumed.state.status, 'running', 'the crashed revision reads as interrupted work, so Resume continues it');
      const afterCrash = server.requests.length;
      const ports = { planGate: () => 'auto' as const, testApproval: { ask: () => Promise.reject(new Error('no tests here')) } };
      assert.equal(await driveRun(resumed, driverConfig(server, fx), ports, new AbortController().signal), 'ended');

      // The recorded turn is replayed, not bought again; the round and the dependent's round finish.
      assert.deepEqual(turnCounts(server, afterCrash), { 't1 revision turn 1': 1, 't2 dependency turn 0': 1 });
      const t1 = resumed.state.tasks.t1!;
      assert.equal(t1.status, 'proposed');
      assert.match(t1.changes[0]!.content ?? '', /limit = 20;/);
      assert.equal(resumed.events.filter((e) => e.type === 'revision.requested').length, 1);
      assert.equal(resumed.state.status, 'completed');
    } finally {
      await fx.dispose();
    }
  });
});
