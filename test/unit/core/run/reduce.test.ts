import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRunEvent, RUN_EVENT_TYPES, type RunEvent, type RunEventPayload } from '../../../../src/core/run/events';
import { initialRunState, projectRun, reduceRun, type RunState } from '../../../../src/core/run/reduce';
import { isSquadError } from '../../../../src/core/common/errors';

const plan = {
  summary: 'Todo list',
  tasks: [
    { id: 'db', role: 'database', title: 'Table', description: 'Create the todos table.', dependsOn: [] },
    { id: 'api', role: 'backend', title: 'API', description: 'CRUD endpoints.', dependsOn: ['db'] },
  ],
};

function stamp(payloads: RunEventPayload[], runId = 'run-1'): RunEvent[] {
  return payloads.map((p, seq) => parseRunEvent({ ...p, runId, seq, at: 1000 + seq * 10 }));
}

const usage = (input: number, output: number) => ({ input, output, cacheRead: 1, cacheWrite: 2 });

const planningRun: RunEventPayload[] = [
  { type: 'run.started', request: 'Add todos', workspaceName: 'shop', roles: ['database', 'backend', 'frontend', 'qa'] },
  { type: 'plan.requested', attempt: 1 },
  { type: 'model.usage', role: 'planner', model: 'gpt-a', usage: usage(100, 50), cost: 0.5 },
  { type: 'plan.rejected', attempt: 1, problems: ['cycle: a → b → a'] },
  { type: 'plan.requested', attempt: 2 },
  { type: 'model.usage', role: 'planner', model: 'claude-b', usage: usage(200, 80), cost: 0.25 },
  { type: 'plan.proposed', attempt: 2, plan },
  { type: 'run.finished', outcome: 'planned' },
];

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('reduceRun', () => {
  it('starts idle with nothing counted', () => {
    const s = initialRunState('r');
    assert.equal(s.status, 'idle');
    assert.equal(s.lastSeq, -1);
    assert.deepEqual(s.usage, { tokens: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, calls: 0, cost: 0, knownCost: 0 });
  });

  it('projects a planning run', () => {
    const events = stamp(planningRun);
    const s = projectRun(events);
    assert.equal(s.runId, 'run-1');
    assert.equal(s.request, 'Add todos');
    assert.equal(s.workspaceName, 'shop');
    assert.equal(s.status, 'planned');
    assert.equal(s.planAttempts, 2);
    assert.deepEqual(s.lastProblems, []);
    assert.deepEqual(s.plan, plan);
    assert.equal(s.startedAt, 1000);
    assert.equal(s.finishedAt, 1070);
    assert.equal(s.lastSeq, 7);
    assert.deepEqual(s.usage.tokens, { input: 300, output: 130, cacheRead: 2, cacheWrite: 4 });
    assert.equal(s.usage.calls, 2);
    assert.equal(s.usage.cost, 0.75);
    assert.equal(s.usageByRole.planner?.calls, 2);
    assert.deepEqual(Object.keys(s.usageByModel).sort(), ['claude-b', 'gpt-a']);
    assert.equal(s.usageByModel['gpt-a']?.cost, 0.5);
    assert.deepEqual(s.usageByModel['claude-b']?.tokens, usage(200, 80));
  });

  it('shows the status and problems in between', () => {
    const events = stamp(planningRun);
    const afterRejection = projectRun(events.slice(0, 4));
    assert.equal(afterRejection.status, 'planning');
    assert.deepEqual(afterRejection.lastProblems, ['cycle: a → b → a']);
    assert.equal(afterRejection.plan, undefined);
    assert.equal(afterRejection.finishedAt, undefined);
  });

  it('makes the cost unknown once a call has no price, keeping the known part', () => {
    const s = projectRun(
      stamp([
        planningRun[0]!,
        { type: 'model.usage', role: 'backend', taskId: 'api', model: 'local', usage: usage(10, 10) },
        { type: 'model.usage', role: 'qa', model: 'gpt-a', usage: usage(10, 10), cost: 0.1 },
      ]),
    );
    assert.equal(s.usage.cost, undefined);
    assert.equal(s.usage.knownCost, 0.1);
    assert.equal(s.usageByRole.backend?.cost, undefined);
    assert.equal(s.usageByRole.qa?.cost, 0.1);
    assert.equal(s.usageByModel.local?.knownCost, 0);
  });

  it('records a failure', () => {
    const s = projectRun(
      stamp([planningRun[0]!, { type: 'run.failed', code: 'plan/invalid', message: 'No valid plan after 3 attempts', details: ['x'] }]),
    );
    assert.equal(s.status, 'failed');
    assert.deepEqual(s.error, { code: 'plan/invalid', message: 'No valid plan after 3 attempts', details: ['x'] });
    assert.equal(s.finishedAt, 1010);
  });

  it('is pure: frozen inputs stay untouched and the result is deterministic', () => {
    const events = deepFreeze(stamp(planningRun));
    const snapshot = structuredClone(events);
    let state: RunState = deepFreeze(initialRunState('run-1'));
    const states: RunState[] = [];
    for (const event of events) {
      const before = structuredClone(state);
      const next = reduceRun(state, event);
      assert.notEqual(next, state);
      assert.deepEqual(state, before);
      states.push(next);
      state = deepFreeze(next);
    }
    assert.deepEqual(events, snapshot);
    assert.deepEqual(projectRun(events), states.at(-1));
    assert.deepEqual(projectRun(events), projectRun(structuredClone(events)));
  });

  it('marks the test verdict stale once a proposal changes after it, and fresh again at the next verdict', () => {
    const settled: RunEventPayload = { type: 'tests.settled', outcome: 'passed', rounds: 0, summary: 'All tests pass.' };
    const retried: RunEventPayload = { type: 'task.retried', taskId: 'api', attempt: 2, fresh: true };
    const verdict = (payloads: RunEventPayload[]) => projectRun(stamp(payloads)).tests.settled;
    assert.equal(verdict([...planningRun, settled])?.stale, undefined);
    assert.equal(verdict([...planningRun, settled, retried])?.stale, true);
    assert.equal(verdict([...planningRun, settled, retried, settled])?.stale, undefined);
  });

  it('lists the planning event types', () => {
    for (const type of ['run.started', 'plan.requested', 'plan.rejected', 'plan.proposed', 'model.usage', 'run.finished', 'run.failed']) {
      assert.ok(RUN_EVENT_TYPES.includes(type as RunEvent['type']), type);
    }
  });
});

describe('parseRunEvent', () => {
  it('round-trips through JSON', () => {
    for (const event of stamp(planningRun)) assert.deepEqual(parseRunEvent(JSON.parse(JSON.stringify(event))), event);
  });

  it('rejects unknown types, missing envelope fields and bad payloads', () => {
    const bad = [
      { type: 'run.exploded', runId: 'r', seq: 0, at: 1 },
      { type: 'plan.requested', attempt: 1, runId: 'r', at: 1 },
      { type: 'plan.requested', attempt: 0, runId: 'r', seq: 0, at: 1 },
      { type: 'model.usage', role: 'qa', model: 'm', usage: { input: 1 }, runId: 'r', seq: 0, at: 1 },
      'not an object',
    ];
    for (const json of bad) assert.throws(() => parseRunEvent(json), (err: unknown) => isSquadError(err, 'journal/corrupt'));
  });
});
