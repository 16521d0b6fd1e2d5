/**
 * The run budget around every model call, through the real driver, the real OpenAI adapter and the
 * scripted server: a call that would cross the budget is not sent; continue, raise and stop each do
 * what they say; a stopped run resumes with a larger budget and pays for nothing twice.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BudgetAnswer } from '../../../../src/core/budget/gate';
import { isSquadError } from '../../../../src/core/common/errors';
import type { RunBudget } from '../../../../src/core/budget/runBudget';
import type { BudgetQuestion } from '../../../../src/core/run/budgetEvents';
import { driveRun, reviseTask, type DriverConfig, type DriverPorts } from '../../../../src/core/run/driver';
import type { RunEvent } from '../../../../src/core/run/events';
import { RunSession } from '../../../../src/core/run/session';
import { createFsStorage } from '../../../../src/node/fsStorage';
import { createFsWorkspace } from '../../../../src/node/fsWorkspace';
import { agentTurns, call, planTurn } from '../../../support/agentScripts';
import type { Script } from '../../../support/script';
import { startScriptedServer, type ScriptedServer } from '../../../support/scriptedServer';
import { makeModel, ROLES } from '../../../support/squadHarness';
import { makeTempWorkspace } from '../../../support/tempWorkspace';

const PLAN = {
  summary: 'Greeting',
  tasks: [
    { id: 't1', role: 'backend', title: 'Greeting', description: 'Say hello.', dependsOn: [] },
    { id: 't2', role: 'backend', title: 'Farewell', description: 'Say goodbye.', dependsOn: ['t1'] },
  ],
};

const COMMENT = 'Say it louder.';

function script(): Script {
  return {
    turns: [
      // A revision round (request changes) names the task too: its turns come first.
      { name: 't1 revision turn 0', match: { contains: ['Your task (t1)', 'asks for changes'], assistantTurns: 0 }, reply: { toolCalls: [call('propose_edit', { path: 'src/app.js', edits: [{ search: "'hello'", replace: "'HELLO'" }] })] } },
      { name: 't1 revision turn 1', match: { contains: ['Your task (t1)', 'asks for changes'], assistantTurns: 1 }, reply: { toolCalls: [call('finish', { summary: 'Louder.' })] } },
      planTurn(PLAN),
      ...agentTurns('t1', [
        [call('read_file', { path: 'src/app.js' })],
        [call('propose_edit', { path: 'src/app.js', edits: [{ search: "'hi'", replace: "'hello'" }] })],
        [call('finish', { summary: 'Says hello.' })],
      ]),
      ...agentTurns('t2', [
        [call('create_file', { path: 'src/bye.js', content: "export const bye = 'goodbye';\n" })],
        [call('finish', { summary: 'Says goodbye.' })],
      ]),
    ],
  };
}
/** Requests the whole script answers: the planner, t1's three turns, t2's two. */
const ALL_CALLS = 6;

interface Fixture {
  readonly root: string;
  readonly journalDir: string;
  dispose(): Promise<void>;
}

async function fixture(): Promise<Fixture> {
  const ws = await makeTempWorkspace({ 'src/app.js': "export const greeting = 'hi';\n" });
  const journalDir = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-budget-'));
  return {
    root: ws.root,
    journalDir,
    dispose: async () => {
      await fs.rm(journalDir, { recursive: true, force: true });
      await ws.dispose();
    },
  };
}

function config(server: ScriptedServer, f: Fixture, budget: RunBudget | undefined): DriverConfig {
  const model = makeModel(server, 'openai', 'scripted', 0);
  return {
    root: f.root,
    workspace: createFsWorkspace(f.root),
    storage: createFsStorage(f.journalDir),
    modelFor: () => model,
    concurrency: 1,
    planLimits: { roles: ROLES, maxTasks: 10 },
    maxFixRounds: 0,
    ...(budget ? { budget } : {}),
  };
}

const asker = (answer: (q: BudgetQuestion) => BudgetAnswer) => (q: BudgetQuestion) => Promise.resolve(answer(q));

async function drive(server: ScriptedServer, f: Fixture, budget: RunBudget | undefined, answer?: (q: BudgetQuestion) => BudgetAnswer, runId?: string): Promise<RunSession> {
  const storage = createFsStorage(f.journalDir);
  const session = runId ? await RunSession.resume(storage, runId) : await RunSession.start({ storage, request: PLAN.summary, workspaceName: 'ws', roles: ROLES });
  const ports: DriverPorts = {
    planGate: () => 'auto',
    testApproval: { ask: () => Promise.reject(new Error('no tests in this run')) },
    ...(answer ? { budgetReached: asker(answer) } : {}),
  };
  await driveRun(session, config(server, f, budget), ports, new AbortController().signal);
  return session;
}

const ofType = <T extends RunEvent['type']>(events: readonly RunEvent[], type: T) => events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);
const paidCalls = (session: RunSession) => ofType(session.events, 'model.usage').length;

describe('run budget (driver + scripted server)', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer(script(), { log: () => {} });
  });
  after(async () => {
    await server.close();
  });
  const fresh = () => {
    server.setScript(script());
    return server.requests.length;
  };

  it('stops before the first call when even that one would cross, sends nothing, and the run ends cancelled', async () => {
    const sentBefore = fresh();
    const f = await fixture();
    try {
      const session = await drive(server, f, { tokens: 1 });
      assert.equal(server.requests.length, sentBefore, 'no request reached the server');
      const [reached] = ofType(session.events, 'budget.reached');
      assert.ok(reached);
      assert.equal(reached.role, 'planner');
      assert.equal(reached.spent.tokens, 0);
      assert.ok(reached.estimate.tokens > 1);
      assert.deepEqual(ofType(session.events, 'budget.decided').map((e) => [e.decision, e.by]), [['stop', 'default']]);
      assert.equal(session.state.status, 'cancelled');
      assert.equal(session.state.budget.stopped, true);
      session.dispose();
    } finally {
      await f.dispose();
    }
  });

  it('holds the call that would cross mid-run: the server never gets it, and what was spent stays within the limit', async () => {
    // The planner's own estimate plus its scripted usage: the planner goes, an agent turn soon crosses.
    const probe = await fixture();
    const plannerEstimate = await (async () => {
      fresh();
      const s = await drive(server, probe, { tokens: 1 });
      const e = ofType(s.events, 'budget.reached')[0]!.estimate.tokens;
      s.dispose();
      return e;
    })();
    await probe.dispose();
    const limit = plannerEstimate + 1_500 + 2_000;
    const sentBefore = fresh();
    const f = await fixture();
    const questions: BudgetQuestion[] = [];
    try {
      const session = await drive(server, f, { tokens: limit }, (q) => {
        questions.push(q);
        return { decision: 'stop' };
      });
      const sent = server.requests.length - sentBefore;
      assert.ok(sent >= 1 && sent < ALL_CALLS, `some calls went, not all (sent ${sent})`);
      assert.equal(sent, paidCalls(session), 'every request sent was a paid, journaled call: the held one was not sent');
      assert.equal(questions.length, 1);
      const q = questions[0]!;
      assert.ok(q.spent.tokens <= limit, 'spent stays within the limit');
      assert.ok(q.spent.tokens + q.estimate.tokens > limit, 'the held call would have crossed it');
      const t = session.state.usage.tokens;
      assert.equal(q.spent.tokens, t.input + t.output + t.cacheRead + t.cacheWrite, 'spent is the journaled usage');
      assert.equal(session.state.status, 'cancelled');
      session.dispose();
    } finally {
      await f.dispose();
    }
  });

  it('continue: the held call goes and the run completes without asking again', async () => {
    const sentBefore = fresh();
    const f = await fixture();
    let asked = 0;
    try {
      const session = await drive(server, f, { tokens: 1 }, () => {
        asked++;
        return { decision: 'continue' };
      });
      assert.equal(asked, 1);
      assert.equal(server.requests.length - sentBefore, ALL_CALLS);
      assert.equal(session.state.status, 'completed');
      assert.deepEqual(ofType(session.events, 'budget.decided').map((e) => e.decision), ['continue']);
      session.dispose();
    } finally {
      await f.dispose();
    }
  });

  it('raise: the new limit is journaled and used; a raise still too small is asked about again', async () => {
    const sentBefore = fresh();
    const f = await fixture();
    const answers: BudgetAnswer[] = [{ decision: 'raise', limit: { tokens: 2 } }, { decision: 'raise', limit: { tokens: 10_000_000 } }];
    try {
      const session = await drive(server, f, { tokens: 1 }, () => answers.shift()!);
      assert.equal(answers.length, 0, 'asked twice');
      assert.deepEqual(ofType(session.events, 'budget.decided').map((e) => [e.decision, e.limit?.tokens]), [['raise', 2], ['raise', 10_000_000]]);
      assert.equal(server.requests.length - sentBefore, ALL_CALLS);
      assert.equal(session.state.status, 'completed');
      assert.deepEqual(session.state.budget.raisedTo, { tokens: 10_000_000 });
      session.dispose();
    } finally {
      await f.dispose();
    }
  });

  it('stop mid-run, then resume with a larger budget: the run completes and no paid call is sent again', async () => {
    const sentBefore = fresh();
    const f = await fixture();
    try {
      // The planner and t1's first turn fit; the first stop comes at a later agent turn.
      const first = await drive(server, f, { tokens: 1 }, (q) => (q.role === 'planner' ? { decision: 'raise', limit: { tokens: q.estimate.tokens + 1_500 } } : { decision: 'stop' }));
      assert.equal(first.state.status, 'cancelled');
      const paidBefore = paidCalls(first);
      assert.equal(paidBefore, 1, 'only the planner was paid for');
      const runId = first.runId;
      first.dispose();
      const resumed = await drive(server, f, { tokens: 10_000_000 }, () => ({ decision: 'stop' }), runId);
      assert.equal(resumed.state.status, 'completed');
      assert.equal(server.requests.length - sentBefore, ALL_CALLS, 'each scripted call was sent once over both drives');
      assert.equal(paidCalls(resumed), ALL_CALLS);
      assert.equal(ofType(resumed.events, 'plan.requested').length, 1, 'the plan was not asked for again');
      resumed.dispose();
    } finally {
      await f.dispose();
    }
  });

  it('a revision (request changes) is held by the same budget: stop sends nothing, continue sends its round', async () => {
    const sentBefore = fresh();
    const f = await fixture();
    try {
      const session = await drive(server, f, undefined);
      assert.equal(session.state.status, 'completed');
      const sentRun = server.requests.length;
      assert.equal(sentRun - sentBefore, ALL_CALLS);
      const request = { scope: { kind: 'task' as const, taskId: 't1' }, comment: COMMENT };
      const abort = new AbortController();
      // Spent is already over a 1-token budget: the revision's first call is held.
      // Stop cancels the round like a cancel does (the front end ends the run cancelled; a resume finishes it).
      await assert.rejects(reviseTask(session, config(server, f, { tokens: 1 }), request, abort.signal, asker(() => ({ decision: 'stop' }))), (err: unknown) => isSquadError(err, 'cancelled'));
      assert.equal(server.requests.length, sentRun, 'the revision call that would cross was not sent');
      const reached = ofType(session.events, 'budget.reached').at(-1);
      assert.equal(reached?.role, 'backend');
      assert.deepEqual(ofType(session.events, 'budget.decided').map((e) => e.decision), ['stop']);

      // Continue: the revision's round goes out (the round the stop left open first, as on a resume).
      const outcome = await reviseTask(session, config(server, f, { tokens: 1 }), request, abort.signal, asker(() => ({ decision: 'continue' })));
      assert.equal(outcome.result.outcome, 'proposed');
      assert.equal(session.state.status, 'completed');
      const revisionCalls = server.requests.slice(sentRun).filter((r) => r.turnName?.startsWith('t1 revision'));
      assert.ok(revisionCalls.length >= 2, `the revision round was sent (${revisionCalls.length} calls)`);
      assert.deepEqual(ofType(session.events, 'budget.decided').map((e) => e.decision), ['stop', 'continue']);
      assert.match(await fs.readFile(path.join(f.root, 'src/app.js'), 'utf8'), /'hi'/, 'proposals only: the workspace is untouched');
      assert.match(session.state.tasks.t1!.changes.find((c) => c.path === 'src/app.js')?.content ?? '', /HELLO/);
      session.dispose();
    } finally {
      await f.dispose();
    }
  });
});
