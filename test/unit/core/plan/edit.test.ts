import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSquadError } from '../../../../src/core/common/errors';
import { applyPlanEdit, dependentsOf, describePlanEdit, describeRemoval, undoRemoval } from '../../../../src/core/plan/edit';
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
    (err: unknown) => isSquadError(err, 'plan/invalid') && err.details.some((d) => /^t1 → t3 → t1 is a cycle|^t3 → t1 → t3 is a cycle/.test(d)),
  );
});

test('unknown roles and missing tasks are refused', () => {
  assert.throws(() => applyPlanEdit(plan, { kind: 'updateTask', taskId: 't2', role: 'astronaut' }), (err: unknown) => isSquadError(err, 'plan/invalid'));
  assert.throws(() => applyPlanEdit(plan, { kind: 'removeTask', taskId: 't9' }), (err: unknown) => isSquadError(err, 'plan/invalid'));
  assert.throws(() => applyPlanEdit(plan, { kind: 'removeTask', taskId: 't9' }), /no task t9/);
});

test('a whole-task edit is kept whole or refused whole: a description with a cycle keeps nothing and names the cycle', () => {
  const edited = applyPlanEdit(plan, { kind: 'updateTask', taskId: 't1', description: 'the schema', dependsOn: [] });
  assert.deepEqual(edited.tasks[0], { id: 't1', role: 'database', title: 'db', description: 'the schema', dependsOn: [] });
  let refused: unknown;
  try {
    applyPlanEdit(plan, { kind: 'updateTask', taskId: 't2', description: 'endpoints', dependsOn: ['t1', 't3'] });
  } catch (err) {
    refused = err;
  }
  assert.ok(isSquadError(refused, 'plan/invalid'));
  assert.equal(refused.message, 'Nothing was changed: t2 → t3 → t2 is a cycle: each task would wait for the next, so none could start.');
  assert.equal(plan.tasks[1]?.description, 'a', 'the plan it was given is untouched');
});

test('removing a task names whose dependencies it cuts, and restoreTask undoes it exactly', () => {
  assert.deepEqual(dependentsOf(plan, 't1'), ['t2', 't3']);
  assert.equal(describeRemoval(plan, 't1'), 'Removed t1 "db": t2 and t3 no longer depend on it.');
  assert.equal(describeRemoval(plan, 't2'), 'Removed t2 "api": t3 no longer depends on it.');
  assert.equal(describeRemoval(plan, 't3'), 'Removed t3 "tests". No other task depended on it.');
  const removed = applyPlanEdit(plan, { kind: 'removeTask', taskId: 't1' });
  assert.deepEqual(removed.tasks.map((t) => [t.id, t.dependsOn]), [['t2', []], ['t3', ['t2']]]);
  const undo = undoRemoval(plan, 't1');
  assert.deepEqual(undo, { kind: 'restoreTask', task: plan.tasks[0], index: 0, dependents: ['t2', 't3'] });
  const restored = applyPlanEdit(removed, undo);
  assert.deepEqual(restored.tasks.map((t) => [t.id, [...t.dependsOn].sort()]), [['t1', []], ['t2', ['t1']], ['t3', ['t1', 't2']]]);
  assert.equal(describePlanEdit(undo), 'restored t1 (and the dependencies of t2, t3 on it)');
  // Undo twice is refused: the task is back already.
  assert.throws(() => applyPlanEdit(restored, undo), /Task t1 is in the plan already/);
  assert.equal(undoRemoval(plan, 't9'), undefined);
});
