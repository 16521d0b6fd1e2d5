/**
 * Edits the user makes at the plan gate. Each returns the whole new plan, validated, or throws
 * SquadError('plan/invalid') with the problems in the user's words (a cycle is named: "t2 → t3 →
 * t2 is a cycle"), so a refused edit changes nothing. A task's form is saved as ONE edit (title,
 * description, role and dependencies together): all of it is kept, or none.
 */
import { SquadError, isSquadError } from '../common/errors';
import type { Plan, Task } from './schema';
import { DEFAULT_PLAN_LIMITS, type PlanLimits, validatePlan } from './validate';

export type PlanEdit =
  | {
      readonly kind: 'updateTask';
      readonly taskId: string;
      readonly title?: string;
      readonly description?: string;
      readonly role?: string;
      /** The task's whole dependency list after the edit; absent: unchanged. */
      readonly dependsOn?: readonly string[];
    }
  | { readonly kind: 'addTask'; readonly task: Omit<Task, 'id'> & { readonly id?: string } }
  | { readonly kind: 'removeTask'; readonly taskId: string }
  | { readonly kind: 'setDependencies'; readonly taskId: string; readonly dependsOn: readonly string[] }
  | RestoreTaskEdit;

/** Undoes a removeTask: the task back at its place, and back in the dependencies of the tasks it was cut from. */
export interface RestoreTaskEdit {
  readonly kind: 'restoreTask';
  readonly task: Task;
  readonly index: number;
  readonly dependents: readonly string[];
}

export function applyPlanEdit(plan: Plan, edit: PlanEdit, limits: PlanLimits = DEFAULT_PLAN_LIMITS): Plan {
  const tasks = editedTasks(plan, edit);
  try {
    return validatePlan({ ...plan, tasks }, limits);
  } catch (err) {
    if (!isSquadError(err, 'plan/invalid')) throw err;
    const problems = err.details.map(problemInUserWords);
    throw new SquadError('plan/invalid', `Nothing was changed: ${problems[0] ?? 'the plan would be invalid'}.`, { details: problems });
  }
}

/** The tasks that depend on `taskId`: removing it cuts their dependency on it. */
export function dependentsOf(plan: Plan, taskId: string): string[] {
  return plan.tasks.filter((t) => t.dependsOn.includes(taskId)).map((t) => t.id);
}

/** The edit that undoes removing `taskId` from `plan` (the plan before the removal). */
export function undoRemoval(plan: Plan, taskId: string): RestoreTaskEdit | undefined {
  const index = plan.tasks.findIndex((t) => t.id === taskId);
  const task = plan.tasks[index];
  return task ? { kind: 'restoreTask', task, index, dependents: dependentsOf(plan, taskId) } : undefined;
}

/** What removing `taskId` did, for the user: which task went, and whose dependencies it cut. */
export function describeRemoval(plan: Plan, taskId: string): string {
  const task = plan.tasks.find((t) => t.id === taskId);
  const name = task ? `${taskId} "${task.title}"` : taskId;
  const cut = dependentsOf(plan, taskId);
  if (cut.length === 0) return `Removed ${name}. No other task depended on it.`;
  const who = cut.length === 1 ? `${cut[0]} no longer depends on it` : `${cut.slice(0, -1).join(', ')} and ${cut.at(-1)} no longer depend on it`;
  return `Removed ${name}: ${who}.`;
}

export function describePlanEdit(edit: PlanEdit): string {
  switch (edit.kind) {
    case 'updateTask':
      return `edited ${edit.taskId}${edit.dependsOn ? ` (now depends on ${edit.dependsOn.length > 0 ? edit.dependsOn.join(', ') : 'nothing'})` : ''}`;
    case 'addTask':
      return `added a ${edit.task.role} task "${edit.task.title}"`;
    case 'removeTask':
      return `removed ${edit.taskId}`;
    case 'setDependencies':
      return `${edit.taskId} now depends on ${edit.dependsOn.length > 0 ? edit.dependsOn.join(', ') : 'nothing'}`;
    case 'restoreTask':
      return `restored ${edit.task.id}${edit.dependents.length > 0 ? ` (and the dependencies of ${edit.dependents.join(', ')} on it)` : ''}`;
  }
}

function editedTasks(plan: Plan, edit: PlanEdit): Task[] {
  const has = (id: string) => plan.tasks.some((t) => t.id === id);
  const missing = (id: string): never => {
    throw new SquadError('plan/invalid', `There is no task ${id} in the plan.`);
  };
  switch (edit.kind) {
    case 'updateTask':
      if (!has(edit.taskId)) missing(edit.taskId);
      return plan.tasks.map((t) =>
        t.id === edit.taskId
          ? {
              ...t,
              ...(edit.title !== undefined ? { title: edit.title } : {}),
              ...(edit.description !== undefined ? { description: edit.description } : {}),
              ...(edit.role !== undefined ? { role: edit.role } : {}),
              ...(edit.dependsOn !== undefined ? { dependsOn: [...new Set(edit.dependsOn)] } : {}),
            }
          : t,
      );
    case 'addTask': {
      const id = edit.task.id ?? nextTaskId(plan);
      return [...plan.tasks, { ...edit.task, id, dependsOn: [...edit.task.dependsOn] }];
    }
    case 'removeTask':
      if (!has(edit.taskId)) missing(edit.taskId);
      // Dependents keep their other dependencies: removing a task must not orphan the rest.
      return plan.tasks.filter((t) => t.id !== edit.taskId).map((t) => ({ ...t, dependsOn: t.dependsOn.filter((d) => d !== edit.taskId) }));
    case 'setDependencies':
      if (!has(edit.taskId)) missing(edit.taskId);
      return plan.tasks.map((t) => (t.id === edit.taskId ? { ...t, dependsOn: [...new Set(edit.dependsOn)] } : t));
    case 'restoreTask': {
      const id = edit.task.id;
      if (has(id)) throw new SquadError('plan/invalid', `Task ${id} is in the plan already.`);
      const relinked = plan.tasks.map((t) => (edit.dependents.includes(t.id) && !t.dependsOn.includes(id) ? { ...t, dependsOn: [...t.dependsOn, id] } : t));
      const at = Math.max(0, Math.min(edit.index, relinked.length));
      return [...relinked.slice(0, at), { ...edit.task, dependsOn: [...edit.task.dependsOn] }, ...relinked.slice(at)];
    }
  }
}

/** validate.ts words its problems for the planner model; the gate says them to the user. */
function problemInUserWords(problem: string): string {
  const cycle = /^cycle: (.+?) \(each task depends on the next\)$/.exec(problem);
  if (cycle) return `${cycle[1]} is a cycle: each task would wait for the next, so none could start`;
  return problem;
}

function nextTaskId(plan: Plan): string {
  let n = plan.tasks.length + 1;
  while (plan.tasks.some((t) => t.id === `t${n}`)) n++;
  return `t${n}`;
}
