/**
 * The plan gate's forms as messages to the extension. Only what the user changed is sent, as ONE
 * edit: the core validates the plan that results as a whole and keeps all of it or none (a cycle
 * is refused with its own message, and the form keeps what the user typed). Pure.
 */
import type { FromWebview, ViewTask } from '../protocol/messages';

export interface TaskForm {
  readonly title: string;
  readonly description: string;
  readonly role: string;
  readonly dependsOn: readonly string[];
}

export type FormResult = { readonly ok: true; readonly messages: FromWebview[] } | { readonly ok: false; readonly problem: string };

function problemOf(form: TaskForm): string | undefined {
  if (form.title.trim() === '') return 'A task needs a title.';
  if (form.title.trim().length > 200) return 'A title has at most 200 characters.';
  if (form.description.trim() === '') return 'A task needs a description: it is what its agent is told to do.';
  if (form.role.trim() === '') return 'A task needs a role.';
  return undefined;
}

/** The one edit that turns `task` into what the form says: no message when nothing changed. */
export function editTaskMessages(task: ViewTask, form: TaskForm): FormResult {
  const problem = problemOf(form);
  if (problem) return { ok: false, problem };
  const title = form.title.trim();
  const description = form.description.trim();
  const role = form.role.trim();
  const deps = [...new Set(form.dependsOn)];
  const sameDeps = deps.length === task.dependsOn.length && deps.every((d) => task.dependsOn.includes(d));
  const update = {
    ...(title !== task.title ? { title } : {}),
    ...(description !== task.description ? { description } : {}),
    ...(role !== task.role ? { role } : {}),
    ...(sameDeps ? {} : { dependsOn: deps }),
  };
  if (Object.keys(update).length === 0) return { ok: true, messages: [] };
  return { ok: true, messages: [{ type: 'editPlan', edit: { kind: 'updateTask', taskId: task.id, ...update } }] };
}

export function addTaskMessage(form: TaskForm): FormResult {
  const problem = problemOf(form);
  if (problem) return { ok: false, problem };
  return {
    ok: true,
    messages: [{ type: 'editPlan', edit: { kind: 'addTask', task: { role: form.role.trim(), title: form.title.trim(), description: form.description.trim(), dependsOn: [...new Set(form.dependsOn)] } } }],
  };
}

export function removeTaskMessage(taskId: string): FromWebview {
  return { type: 'editPlan', edit: { kind: 'removeTask', taskId } };
}

/** The roles a task may take: the run's, and the task's own if the planner used another. */
export function roleChoices(runRoles: readonly string[], current?: string): string[] {
  return current && !runRoles.includes(current) ? [...runRoles, current] : [...runRoles];
}
