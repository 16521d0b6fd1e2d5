import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSquadError } from '../../../../src/core/common/errors';
import type { Plan } from '../../../../src/core/plan/schema';
import {
  criticalPathLength,
  DEFAULT_PLAN_LIMITS,
  planProblems,
  topologicalOrder,
  validatePlan,
} from '../../../../src/core/plan/validate';

type RawTask = { id: string; role?: string; dependsOn?: string[] };

function planOf(...tasks: RawTask[]): { summary: string; tasks: object[] } {
  return {
    summary: 'Add a todo list',
    tasks: tasks.map((t) => ({
      id: t.id,
      role: t.role ?? 'backend',
      title: `Task ${t.id}`,
      description: `Do the ${t.id} part.`,
      dependsOn: t.dependsOn ?? [],
    })),
  };
}

function chain(length: number): { summary: string; tasks: object[] } {
  return planOf(...Array.from({ length }, (_, i) => ({ id: `t${i}`, dependsOn: i === 0 ? [] : [`t${i - 1}`] })));
}

describe('planProblems', () => {
  it('accepts a valid plan and fills in defaults', () => {
    const input = planOf({ id: 'db', role: 'database' }, { id: 'api', dependsOn: ['db'] }, { id: 'ui', role: 'frontend', dependsOn: ['api'] });
    assert.deepEqual(planProblems(input), []);
    const plan = validatePlan({ summary: 's', tasks: [{ id: 'a', role: 'qa', title: 'T', description: 'D' }] });
    assert.deepEqual(plan.tasks[0]!.dependsOn, []);
  });

  it('reports schema problems with their path and the task id', () => {
    const problems = planProblems({
      summary: '',
      tasks: [{ id: 'api', role: 'backend', title: 7, dependsOn: [] }],
    });
    assert.ok(problems.includes('summary must not be empty'), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('tasks[0].title (task "api"): ') && p.includes('expected string')), problems.join('\n'));
    assert.ok(problems.includes('tasks[0].description (task "api") is missing (expected string)'), problems.join('\n'));
  });

  it('describes a non-object plan', () => {
    assert.deepEqual(planProblems('just text').length, 1);
    assert.match(planProblems('just text')[0]!, /^the plan: .*expected object/);
    assert.deepEqual(planProblems({ summary: 's' }), ['tasks is missing (expected array)']);
  });

  it('still reports graph problems of the well-formed tasks when others are malformed', () => {
    const input = planOf({ id: 'a', dependsOn: ['ghost'] });
    input.tasks.push({ id: 'b' });
    const problems = planProblems(input);
    assert.ok(problems.some((p) => p.startsWith('tasks[1].role (task "b") is missing')), problems.join('\n'));
    assert.ok(problems.includes('task "a" depends on "ghost", but no task has that id'), problems.join('\n'));
  });

  it('reports duplicate ids', () => {
    const problems = planProblems(planOf({ id: 'a' }, { id: 'b' }, { id: 'a' }));
    assert.deepEqual(problems, ['task id "a" is used by 2 tasks; every task needs its own id']);
  });

  it('reports an unknown role and names the allowed ones', () => {
    assert.deepEqual(planProblems(planOf({ id: 'ops', role: 'devops' })), [
      'task "ops" has unknown role "devops"; allowed roles are: database, backend, frontend, qa',
    ]);
  });

  it('allows extra roles through the limits', () => {
    const limits = { ...DEFAULT_PLAN_LIMITS, roles: [...DEFAULT_PLAN_LIMITS.roles, 'devops'] };
    assert.deepEqual(planProblems(planOf({ id: 'ops', role: 'devops' }), limits), []);
    assert.equal(validatePlan(planOf({ id: 'ops', role: 'devops' }), limits).tasks[0]!.role, 'devops');
  });

  it('reports a dependency on a missing task and a self-dependency', () => {
    const problems = planProblems(planOf({ id: 'a', dependsOn: ['a'] }, { id: 'b', dependsOn: ['zz'] }));
    assert.deepEqual(problems, ['task "a" depends on itself', 'task "b" depends on "zz", but no task has that id']);
  });

  it('names the cycle, starting from its first task in plan order', () => {
    const problems = planProblems(
      planOf({ id: 't1', dependsOn: ['t3'] }, { id: 't2', dependsOn: ['t1'] }, { id: 't3', dependsOn: ['t2'] }, { id: 't4', dependsOn: ['t1'] }),
    );
    assert.equal(problems.length, 1);
    assert.ok(problems[0]!.startsWith('cycle: t1 → t3 → t2 → t1'), problems[0]);
  });

  it('names one cycle per knot, the shortest way round', () => {
    const problems = planProblems(
      planOf(
        { id: 'a', dependsOn: ['b'] },
        { id: 'b', dependsOn: ['c', 'a'] },
        { id: 'c', dependsOn: ['a'] },
        { id: 'x', dependsOn: ['y'] },
        { id: 'y', dependsOn: ['x'] },
      ),
    );
    assert.deepEqual(
      problems.map((p) => p.split(' (')[0]),
      ['cycle: a → b → a', 'cycle: x → y → x'],
    );
  });

  it('enforces the task count limits', () => {
    assert.deepEqual(planProblems({ summary: 's', tasks: [] }), ['the plan has no tasks; it needs at least 1']);
    const many = chain(31);
    assert.deepEqual(planProblems(many), ['the plan has 31 tasks; at most 30 are allowed, so merge related work']);
    assert.deepEqual(planProblems(many, { ...DEFAULT_PLAN_LIMITS, maxTasks: 40 }), []);
    assert.match(planProblems(chain(3), { ...DEFAULT_PLAN_LIMITS, maxTasks: 2 })[0]!, /has 3 tasks; at most 2/);
  });

  it('handles a 5,000-task chain and a 5,000-task cycle without overflowing the stack', () => {
    const limits = { ...DEFAULT_PLAN_LIMITS, maxTasks: 10_000 };
    const long = chain(5000);
    assert.deepEqual(planProblems(long, limits), []);
    (long.tasks[0] as { dependsOn: string[] }).dependsOn = ['t4999'];
    const problems = planProblems(long, limits);
    assert.equal(problems.length, 1);
    assert.ok(problems[0]!.startsWith('cycle: t0 → t4999 → t4998 → '), problems[0]!.slice(0, 60));
    assert.ok(problems[0]!.includes('→ t1 → t0 ('));
  });
});

describe('validatePlan', () => {
  it('throws plan/invalid with every problem in details', () => {
    const input = planOf({ id: 'a', role: 'chef', dependsOn: ['a'] });
    assert.throws(
      () => validatePlan(input),
      (err: unknown) => {
        assert.ok(isSquadError(err, 'plan/invalid'));
        assert.deepEqual(err.details, planProblems(input));
        assert.equal(err.details.length, 2);
        assert.match(err.message, /2 problems/);
        return true;
      },
    );
  });
});

describe('topologicalOrder and criticalPathLength', () => {
  const diamond = validatePlan(
    planOf(
      { id: 'ui', role: 'frontend', dependsOn: ['api'] },
      { id: 'qa', role: 'qa', dependsOn: ['ui', 'api'] },
      { id: 'api', dependsOn: ['db'] },
      { id: 'db', role: 'database' },
      { id: 'docs' },
    ),
  );

  it('puts every task after its dependencies', () => {
    const order = topologicalOrder(diamond);
    assert.deepEqual([...order].sort(), ['api', 'db', 'docs', 'qa', 'ui']);
    for (const task of diamond.tasks) {
      for (const dep of task.dependsOn) assert.ok(order.indexOf(dep) < order.indexOf(task.id), `${dep} before ${task.id}`);
    }
  });

  it('keeps plan order when the plan is already ordered', () => {
    const plan = validatePlan(chain(6));
    assert.deepEqual(topologicalOrder(plan), ['t0', 't1', 't2', 't3', 't4', 't5']);
  });

  it('refuses a cyclic plan', () => {
    const cyclic = { summary: 's', tasks: planOf({ id: 'a', dependsOn: ['b'] }, { id: 'b', dependsOn: ['a'] }).tasks } as Plan;
    assert.throws(() => topologicalOrder(cyclic), (err: unknown) => isSquadError(err, 'plan/invalid'));
  });

  it('measures the longest dependency chain, optionally weighted', () => {
    assert.equal(criticalPathLength(diamond), 4); // db → api → ui → qa
    const weights: Record<string, number> = { db: 1, api: 5, ui: 2, qa: 1, docs: 20 };
    assert.equal(criticalPathLength(diamond, (t) => weights[t.id]!), 20);
    assert.equal(criticalPathLength(validatePlan(chain(5000), { ...DEFAULT_PLAN_LIMITS, maxTasks: 5000 })), 5000);
  });
});
