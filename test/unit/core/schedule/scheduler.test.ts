import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SquadError } from '../../../../src/core/common/errors';
import { executePlan, type TaskResult } from '../../../../src/core/schedule/scheduler';
import type { Task } from '../../../../src/core/plan/schema';
import { sessionWithPlan, task } from '../../../support/runSessions';

/** A task runner whose tasks finish when the test says so, recording start order. */
function controlledRunner() {
  const started: string[] = [];
  const finishers = new Map<string, (r: TaskResult) => void>();
  let active = 0;
  let maxActive = 0;
  const waiters: Array<() => void> = [];
  return {
    started,
    get maxActive() { return maxActive; },
    runTask: (t: Task, signal: AbortSignal) =>
      new Promise<TaskResult>((resolve, reject) => {
        started.push(t.id);
        active++;
        maxActive = Math.max(maxActive, active);
        const done = (r: TaskResult) => { active--; resolve(r); };
        finishers.set(t.id, done);
        signal.addEventListener('abort', () => { active--; reject(new SquadError('cancelled', 'cancelled')); }, { once: true });
        waiters.splice(0).forEach((w) => w());
      }),
    async whenStarted(id: string) {
      while (!started.includes(id)) await new Promise<void>((r) => waiters.push(r));
    },
    finish(id: string, result: TaskResult = { outcome: 'proposed', summary: `${id} done` }) {
      const f = finishers.get(id);
      assert.ok(f, `${id} is running`);
      f(result);
    },
  };
}

test('a task starts as soon as its own dependencies are done, not when a whole wave is', async () => {
  const run = await sessionWithPlan({ summary: 's', tasks: [task('slow'), task('fast'), task('afterFast', ['fast'])] });
  try {
    const runner = controlledRunner();
    const done = executePlan(run.session, { concurrency: 4, signal: new AbortController().signal, modelFor: () => 'm', runTask: runner.runTask });
    await runner.whenStarted('slow');
    await runner.whenStarted('fast');
    runner.finish('fast');
    await runner.whenStarted('afterFast'); // while 'slow' is still running
    assert.equal(run.session.state.tasks.slow?.status, 'running');
    runner.finish('afterFast');
    runner.finish('slow');
    assert.equal(await done, 'completed');
    assert.deepEqual(runner.started, ['slow', 'fast', 'afterFast']);
    const types = run.session.events.map((e) => e.type);
    assert.equal(types.filter((t) => t === 'task.started').length, 3);
    assert.equal(types.filter((t) => t === 'task.finished').length, 3);
  } finally {
    await run.dispose();
  }
});

test('never runs more tasks at once than the concurrency limit', async () => {
  const ids = Array.from({ length: 7 }, (_, i) => `t${i}`);
  const run = await sessionWithPlan({ summary: 's', tasks: ids.map((id) => task(id)) });
  try {
    const runner = controlledRunner();
    const done = executePlan(run.session, { concurrency: 3, signal: new AbortController().signal, modelFor: () => 'm', runTask: runner.runTask });
    for (const id of ids) {
      await runner.whenStarted(id);
      // Tasks stay active until finished here, so the limit is what keeps the next one waiting.
      const index = ids.indexOf(id);
      if (index >= 2) runner.finish(ids[index - 2]!);
    }
    runner.finish('t5');
    runner.finish('t6');
    assert.equal(await done, 'completed');
    assert.equal(runner.maxActive, 3);
    assert.deepEqual(runner.started, ids);
  } finally {
    await run.dispose();
  }
});

test('a failed task blocks its dependents transitively while independent tasks go on', async () => {
  const plan = { summary: 's', tasks: [task('db', [], 'database'), task('api', ['db']), task('ui', ['api'], 'frontend'), task('docs', [], 'frontend')] };
  const run = await sessionWithPlan(plan);
  try {
    const outcome = await executePlan(run.session, {
      concurrency: 2,
      signal: new AbortController().signal,
      modelFor: (role) => `model-${role}`,
      runTask: async (t) => (t.id === 'db' ? { outcome: 'failed', reason: 'the model gave up', code: 'agent/no_progress' } : { outcome: 'proposed', summary: 'ok' }),
    });
    assert.equal(outcome, 'incomplete');
    const tasks = run.session.state.tasks;
    assert.equal(tasks.db?.status, 'failed');
    assert.equal(tasks.db?.reason, 'the model gave up');
    assert.equal(tasks.api?.status, 'blocked');
    assert.deepEqual(tasks.api?.blockedBy, ['db']);
    assert.equal(tasks.ui?.status, 'blocked');
    assert.deepEqual(tasks.ui?.blockedBy, ['api']);
    assert.equal(tasks.docs?.status, 'proposed');
    assert.equal(tasks.db?.model, 'model-database');
  } finally {
    await run.dispose();
  }
});

test('an unexpected error in a task fails that task with its message, not the run', async () => {
  const run = await sessionWithPlan({ summary: 's', tasks: [task('a'), task('b')] });
  try {
    const outcome = await executePlan(run.session, {
      concurrency: 2,
      signal: new AbortController().signal,
      modelFor: () => 'm',
      runTask: async (t) => {
        if (t.id === 'a') throw new SquadError('llm/auth', 'The API key was rejected.');
        return { outcome: 'proposed', summary: 'ok' };
      },
    });
    assert.equal(outcome, 'incomplete');
    assert.equal(run.session.state.tasks.a?.code, 'llm/auth');
    assert.equal(run.session.state.tasks.b?.status, 'proposed');
  } finally {
    await run.dispose();
  }
});

test('cancelling stops running tasks at once and leaves every task in a final state', async () => {
  const run = await sessionWithPlan({ summary: 's', tasks: [task('a'), task('b'), task('c', ['a'])] });
  try {
    const runner = controlledRunner();
    const controller = new AbortController();
    const done = executePlan(run.session, { concurrency: 4, signal: controller.signal, modelFor: () => 'm', runTask: runner.runTask });
    await runner.whenStarted('a');
    await runner.whenStarted('b');
    controller.abort();
    assert.equal(await done, 'cancelled');
    const statuses = Object.values(run.session.state.tasks).map((t) => `${t.task.id}:${t.status}`);
    assert.deepEqual(statuses, ['a:cancelled', 'b:cancelled', 'c:cancelled']);
    assert.deepEqual(runner.started, ['a', 'b']);
  } finally {
    await run.dispose();
  }
});

test('after a crash, proposed tasks are kept and an interrupted task starts again', async () => {
  const run = await sessionWithPlan({ summary: 's', tasks: [task('a'), task('b', ['a'])] });
  try {
    await run.session.emit({ type: 'task.started', taskId: 'a', role: 'backend', model: 'm' });
    await run.session.emit({ type: 'task.finished', taskId: 'a', outcome: 'proposed', summary: 'a done' });
    await run.session.emit({ type: 'task.started', taskId: 'b', role: 'backend', model: 'm' });
    // The process dies here: 'b' is left running in the journal.
    const { RunSession } = await import('../../../../src/core/run/session');
    const resumed = await RunSession.resume(run.storage, run.session.runId);
    const ran: string[] = [];
    const outcome = await executePlan(resumed, {
      concurrency: 2,
      signal: new AbortController().signal,
      modelFor: () => 'm',
      runTask: async (t) => {
        ran.push(t.id);
        return { outcome: 'proposed', summary: 'ok' };
      },
    });
    assert.equal(outcome, 'completed');
    assert.deepEqual(ran, ['b']);
  } finally {
    await run.dispose();
  }
});

test('each task runs exactly once even when the journal is slow to record its start', async () => {
  const { RunSession } = await import('../../../../src/core/run/session');
  const { validatePlan } = await import('../../../../src/core/plan/validate');
  const lines = new Map<string, string[]>();
  // A slow disk: every append takes a few milliseconds, so started events queue up.
  const slowStorage = {
    appendLine: async (p: string, line: string) => {
      await new Promise((r) => setTimeout(r, 3));
      lines.set(p, [...(lines.get(p) ?? []), line]);
    },
    readLines: async (p: string) => lines.get(p),
    list: async () => [],
  };
  const plan = validatePlan({ summary: 's', tasks: [task('a'), task('b', ['a']), task('c', ['a']), task('d'), task('e', ['b', 'c'])] });
  const session = await RunSession.start({ storage: slowStorage, request: 'r', workspaceName: 'w', roles: ['backend'] });
  await session.emit({ type: 'plan.proposed', plan, attempt: 1 });
  const runs: string[] = [];
  const outcome = await executePlan(session, {
    concurrency: 4,
    signal: new AbortController().signal,
    modelFor: () => 'm',
    runTask: async (t) => {
      runs.push(t.id);
      return { outcome: 'proposed', summary: 'ok' };
    },
  });
  assert.equal(outcome, 'completed');
  assert.deepEqual([...runs].sort(), ['a', 'b', 'c', 'd', 'e']);
  assert.equal(session.events.filter((e) => e.type === 'task.started').length, 5);
});
