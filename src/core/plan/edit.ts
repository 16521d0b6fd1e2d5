/**
 * Edits the user makes at the plan gate. Each returns the whole new plan, validated, or throws
 * SquadError('plan/invalid') with the problems (a cycle is named), so a refused edit changes nothing.
 */
import { SquadError } from '../common/errors';
import type { Plan, Task } from './schema';
import { DEFAULT_PLAN_LIMITS, type PlanLimits, validatePlan } from './validate';

export type PlanEdit =
  | { readonly kind: 'updateTask'; readonly taskId: string; readonly title?: string; readonly description?: string; readonly role?: string }
  | { readonly kind: 'addTask'; readonly task: Omit<Task, 'id'> & { readonly id?: string } }
  | { readonly kind: 'removeTask'; readonly taskId: string }
  | { readonly kind: 'setDependencies'; readonly taskId: string; readonly dependsOn: readonly string[] };

export function applyPlanEdit(plan: Plan, edit: PlanEdit, limits: PlanLimits = DEFAULT_PLAN_LIMITS): Plan {
  const has = (id: string) => plan.tasks.some((t) => t.id === id);
  const missing = (id: string): never => {
    throw new SquadError('plan/invalid', `There is no task ${id} in the plan.`);
  };
  let tasks: Task[];
  switch (edit.kind) {
    case 'updateTask':
      if (!has(edit.taskId)) missing(edit.taskId);
      tasks = plan.tasks.map((t) =>
        t.id === edit.taskId
          ? { ...t, ...(edit.title !== undefined ? { title: edit.title } : {}), ...(edit.description !== undefined ? { description: edit.description } : {}), ...(edit.role !== undefined ? { role: edit.role } : {}) }
          : t,
      );
      break;
    case 'addTask': {
      const id = edit.task.id ?? nextTaskId(plan);
      tasks = [...plan.tasks, { ...edit.task, id, dependsOn: [...edit.task.dependsOn] }];
      break;
    }
    case 'removeTask':
      if (!has(edit.taskId)) missing(edit.taskId);
      // Dependents keep their other dependencies: removing a task must not orphan the rest.
      tasks = plan.tasks.filter((t) => t.id !== edit.taskId).map((t) => ({ ...t, dependsOn: t.dependsOn.filter((d) => d !== edit.taskId) }));
      break;
    case 'setDependencies':
      if (!has(edit.taskId)) missing(edit.taskId);
      tasks = plan.tasks.map((t) => (t.id === edit.taskId ? { ...t, dependsOn: [...new Set(edit.dependsOn)] } : t));
      break;
  }
  return validatePlan({ ...plan, tasks }, limits);
}

export function describePlanEdit(edit: PlanEdit): string {
  switch (edit.kind) {
    case 'updateTask':
      return `edited ${edit.taskId}`;
    case 'addTask':
      return `added a ${edit.task.role} task "${edit.task.title}"`;
    case 'removeTask':
      return `removed ${edit.taskId}`;
    case 'setDependencies':
      return `${edit.taskId} now depends on ${edit.dependsOn.length > 0 ? edit.dependsOn.join(', ') : 'nothing'}`;
  }
}

function nextTaskId(plan: Plan): string {
  let n = plan.tasks.length + 1;
  while (plan.tasks.some((t) => t.id === `t${n}`)) n++;
  return `t${n}`;
}
