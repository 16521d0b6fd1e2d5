import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ownedAreas } from '../../../../src/core/agents/roles/owned';
import type { RoleSpec } from '../../../../src/core/agents/roles/spec';
import type { Task } from '../../../../src/core/plan/schema';
import { executePlan, type TaskResult } from '../../../../src/core/schedule/scheduler';
import { sessionWithPlan } from '../../../support/runSessions';

const ROSTER: RoleSpec[] = [
  { name: 'docs', source: '.squad/agents/docs.agent.md', owns: ['docs/**'] },
  { name: 'backend', source: 'built-in' },
];

const withFiles = (id: string, role: string, files: string[]) => ({ id, role, title: `Task ${id}`, description: `Do ${id}`, dependsOn: [], files });

/** Tasks that finish when the test says so; records which ran side by side. */
function controlledRunner() {
  const started: string[] = [];
  const running = new Set<string>();
  const overlaps: string[][] = [];
  const finishers = new Map<string, () => void>();
  const waiters: Array<() => void> = [];
  return {
    started,
    overlaps,
    runTask: (t: Task) =>
      new Promise<TaskResult>((resolve) => {
        started.push(t.id);
        if (running.size > 0) overlaps.push([...running, t.id].sort());
        running.add(t.id);
        finishers.set(t.id, () => {
          running.delete(t.id);
          resolve({ outcome: 'proposed', summary: `${t.id} done` });
        });
        waiters.splice(0).forEach((w) => w());
      }),
    async whenStarted(id: string) {
      while (!started.includes(id)) await new Promise<void>((r) => waiters.push(r));
    },
    finish(id: string) {
      const f = finishers.get(id);
      assert.ok(f, `${id} is running`);
      f();
    },
  };
}

test('two tasks whose planned files fall in one owned glob never run at once; others still run beside them', async () => {
  const plan = {
    summary: 's',
    tasks: [
      withFiles('guide', 'docs', ['docs/guide.md']),
      withFiles('apiDocs', 'backend', ['src/api/users.js', 'docs/api.md']),
      withFiles('api', 'backend', ['src/api/users.js']),
    ],
  };
  const run = await sessionWithPlan(plan, ['docs', 'backend']);
  try {
    const owned = ownedAreas(ROSTER);
    const runner = controlledRunner();
    const done = executePlan(run.session, { concurrency: 4, signal: new AbortController().signal, modelFor: () => 'm', runTask: runner.runTask, exclusive: owned.exclusive });
    await runner.whenStarted('guide');
    await runner.whenStarted('api');
    // apiDocs also edits docs/: it waits for guide although a slot is free.
    assert.deepEqual(runner.started, ['guide', 'api']);
    assert.equal(run.session.state.tasks.apiDocs?.status, 'pending');
    runner.finish('guide');
    await runner.whenStarted('apiDocs');
    runner.finish('api');
    runner.finish('apiDocs');
    assert.equal(await done, 'completed');
    assert.ok(!runner.overlaps.some((o) => o.includes('guide') && o.includes('apiDocs')), `ran together: ${JSON.stringify(runner.overlaps)}`);
    assert.ok(runner.overlaps.some((o) => o.includes('guide') && o.includes('api')), 'an unrelated task ran beside the owned one');
  } finally {
    await run.dispose();
  }
});

test('owned areas: which roles own a path, and exclusion only where both tasks touch one owned glob', () => {
  const owned = ownedAreas([...ROSTER, { name: 'api-docs', source: '.github/agents/api-docs.agent.md', owns: ['docs/api/**', 'openapi.yaml'] }]);
  assert.deepEqual(owned.rolesOwning('docs/api/users.md').sort(), ['api-docs', 'docs']);
  assert.deepEqual(owned.rolesOwning('./openapi.yaml'), ['api-docs']);
  assert.deepEqual(owned.rolesOwning('src/app.js'), []);
  const a = withFiles('a', 'docs', ['docs/guide.md']);
  const b = withFiles('b', 'api-docs', ['docs/api/users.md']);
  const c = withFiles('c', 'backend', ['src/app.js']);
  const d = { ...withFiles('d', 'docs', []), files: undefined };
  assert.equal(owned.exclusive(a, b), true, 'docs/** covers both');
  assert.equal(owned.exclusive(a, c), false);
  assert.equal(owned.exclusive(a, d), false, 'a task that lists no files claims nothing');
  assert.equal(ownedAreas(ROSTER.map((r) => ({ name: r.name, source: r.source }))).any, false);
});
