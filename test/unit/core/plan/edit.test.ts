import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSquadError } from '../../../../src/core/common/errors';
import { applyPlanEdit } from '../../../../src/core/plan/edit';
import { validatePlan } from '../../../../src/core/plan/validate';

const plan = validatePlan({
  summary: 's',
  tasks: [
    { id: 't1', role: 'database', title: 'db', description: 'd', dependsOn: [] },
    { id: 't2', role: 'backend', title: 'api', description: 'a', dependsOn: ['t1'] },
    { id: 't3', role: 'qa', title: 'tests', description: 't', dependsOn: ['t1', 't2'] },
  ],
});

test('edits a task\'s title, description and role', () => {
  const edited = applyPlanEdit(plan, { kind: 'updateTask', taskId: 't2', title: 'API', description: 'endpoints', role: 'frontend' });
  assert.deepEqual(edited.tasks[1], { id: 't2', role: 'frontend', title: 'API', description: 'endpoints', dependsOn: ['t1'] });
  assert.equal(plan.tasks[1]?.title, 'api', 'the input plan is not changed');
});

test('adds a task with a fresh id, and removes one without orphaning its dependents', () => {
  const added = applyPlanEdit(plan, { kind: 'addTask', task: { role: 'frontend', title: 'ui', description: 'u', dependsOn: ['t2'] } });
  assert.equal(added.tasks[3]?.id, 't4');
  const removed = applyPlanEdit(added, { kind: 'removeTask', taskId: 't2' });
  assert.deepEqual(removed.tasks.map((t) => [t.id, t.dependsOn]), [['t1', []], ['t3', ['t1']], ['t4', []]]);
});

test('a dependency change that makes a cycle is refused with the cycle named', () => {
  assert.throws(
    () => applyPlanEdit(plan, { kind: 'setDependencies', taskId: 't1', dependsOn: ['t3'] }),
    (err: unknown) => isSquadError(err, 'plan/invalid') && err.details.some((d) => /cycle: t1 → t3 → t1|cycle: .*t1.*t3/.test(d)),
  );
});

test('unknown roles and missing tasks are refused', () => {
  assert.throws(() => applyPlanEdit(plan, { kind: 'updateTask', taskId: 't2', role: 'astronaut' }), (err: unknown) => isSquadError(err, 'plan/invalid'));
  assert.throws(() => applyPlanEdit(plan, { kind: 'removeTask', taskId: 't9' }), (err: unknown) => isSquadError(err, 'plan/invalid'));
  assert.throws(() => applyPlanEdit(plan, { kind: 'removeTask', taskId: 't9' }), /no task t9/);
});
