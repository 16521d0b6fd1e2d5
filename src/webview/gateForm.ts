/** The plan gate's task form: edit a task, or add one. Submitting it is handled by the app. */
import type { ViewTask } from '../protocol/messages';
import { button, el, setText } from './dom';
import type { TaskForm } from './planEdits';
import { roleChoices } from './planEdits';

export interface TaskFormView {
  readonly root: HTMLFormElement;
  read(): TaskForm;
  showProblem(text: string): void;
  focus(): void;
  /** Sent and waiting for the extension: the form stays open with the user's input until the plan changes or the edit is refused. */
  readonly saving: boolean;
  setSaving(saving: boolean): void;
}

let formSeq = 0;

export interface TaskFormOptions {
  /** The task being edited; absent when adding one. */
  readonly task?: ViewTask;
  /** The tasks it may depend on, in plan order. */
  readonly candidates: readonly ViewTask[];
  readonly roles: readonly string[];
}

export function taskForm(o: TaskFormOptions): TaskFormView {
  const id = `form${++formSeq}`;
  const field = (label: string, control: HTMLElement) => {
    control.id = `${id}-${label.toLowerCase().replace(/\W+/g, '-')}`;
    const l = el('label', 'field-label', label);
    l.htmlFor = control.id;
    return el('div', 'field', l, control);
  };

  const title = el('input', 'input');
  title.type = 'text';
  title.maxLength = 200;
  title.required = true;
  title.value = o.task?.title ?? '';

  const role = el('select', 'input');
  for (const r of roleChoices(o.roles, o.task?.role)) role.append(new Option(r, r, false, r === o.task?.role));
  if (!o.task && o.roles[0] !== undefined) role.value = o.roles[0];

  const description = el('textarea', 'input');
  description.rows = 4;
  description.required = true;
  description.value = o.task?.description ?? '';

  const deps = el('fieldset', 'deps-field', el('legend', 'field-label', 'Depends on'));
  const boxes: HTMLInputElement[] = [];
  for (const c of o.candidates) {
    if (c.id === o.task?.id) continue;
    const box = el('input');
    box.type = 'checkbox';
    box.value = c.id;
    box.checked = o.task?.dependsOn.includes(c.id) ?? false;
    boxes.push(box);
    const depTitle = el('span', 'dep-title', c.title);
    depTitle.title = c.title;
    deps.append(el('label', 'dep-choice', box, el('span', 'task-id', c.id), depTitle));
  }
  if (boxes.length === 0) deps.append(el('span', 'hint', 'No other task.'));

  const problem = el('div', 'form-problem');
  problem.setAttribute('role', 'alert');
  const submitLabel = o.task ? 'Save' : 'Add task';
  const submit = el('button', 'btn btn-primary', submitLabel);
  submit.type = 'submit';
  const cancel = button({ act: o.task ? 'cancelEdit' : 'cancelAdd', label: 'Cancel', ...(o.task ? { data: { task: o.task.id } } : {}) });

  const root = el('form', 'task-form', field('Title', title), field('Role', role), field('Description', description), deps, problem, el('div', 'form-actions', submit, cancel));
  root.dataset.act = o.task ? 'saveTask' : 'addTask';
  if (o.task) root.dataset.task = o.task.id;
  root.setAttribute('aria-label', o.task ? `Edit task ${o.task.id}` : 'Add a task');
  root.noValidate = true;

  let saving = false;
  return {
    root,
    read: () => ({ title: title.value, description: description.value, role: role.value, dependsOn: boxes.filter((b) => b.checked).map((b) => b.value) }),
    showProblem: (text) => setText(problem, text),
    focus: () => title.focus(),
    get saving() {
      return saving;
    },
    setSaving: (value) => {
      saving = value;
      submit.disabled = value;
      setText(submit, value ? 'Saving…' : submitLabel);
      if (value) setText(problem, '');
    },
  };
}
