/**
 * What each control does. Buttons and forms carry `data-act` and their data (task, path, hunk…);
 * one click and one submit listener on the root route here, so no element needs its own handler.
 */
import type { App } from './app';
import { addTaskMessage, editTaskMessages, removeTaskMessage } from './planEdits';
import { decideMessage, scopeOf } from './reviewActions';
import { fileKey, toggle } from './uiState';
import { TestAnswer, type Decision, type NoticeArea, type Verdict } from '../protocol/messages';
import { setOpen } from './dom';

export type ActionTarget = HTMLElement;

const SIMPLE = {
  approvePlan: 'approvePlan',
  cancel: 'cancel',
  applyAccepted: 'applyAccepted',
  rollBack: 'rollBack',
  setApiKey: 'setApiKey',
  resumeRun: 'resumeRun',
} as const;

export function handleAction(app: App, target: ActionTarget): void {
  const d = target.dataset;
  const act = d.act ?? '';
  if (act in SIMPLE) return app.post({ type: SIMPLE[act as keyof typeof SIMPLE] });
  switch (act) {
    case 'request':
      return sendRequest(app);
    case 'toggleRecent':
      return app.request.toggleRecent();
    case 'useRecent': {
      const text = app.store.recent[Number(d.index)];
      if (text === undefined) return;
      app.request.textarea.value = text;
      app.ui.draft = text;
      app.request.textarea.focus();
      return app.persist();
    }
    case 'toggleSection': {
      const id = d.section as 'plan' | 'tests' | undefined;
      const s = id ? app.sections[id] : undefined;
      if (!id || !s) return;
      const open = !toggle(app.ui.collapsedSections, id);
      setOpen(s.heading, s.body, open);
      app.showNearby();
      return app.persist();
    }
    case 'toggleTask': {
      if (!d.task) return;
      app.setTaskOpen(d.task, toggle(app.ui.expandedTasks, d.task));
      app.showNearby();
      return app.persist();
    }
    case 'toggleFile': {
      if (!d.task || !d.path) return;
      app.plan.card(d.task)?.setFileOpen(d.path, toggle(app.ui.expandedFiles, fileKey(d.task, d.path)));
      app.showNearby();
      return app.persist();
    }
    case 'focusTask': {
      const card = d.target ? app.plan.card(d.target) : undefined;
      card?.root.scrollIntoView({ block: 'nearest' });
      app.showNearby();
      card?.root.querySelector<HTMLElement>('.task-toggle')?.focus();
      return;
    }
    case 'showActivity':
      if (d.task) app.plan.card(d.task)?.showAllActivity(app.store.activity.get(d.task) ?? []);
      return;
    case 'openDiff':
      if (d.task && d.path) app.post({ type: 'openDiff', taskId: d.task, path: d.path });
      return;
    case 'decide': {
      const scope = scopeOf(d);
      const current = (target.closest<HTMLElement>('.decisions')?.dataset.current ?? 'undecided') as Verdict | Decision;
      if (scope && (d.choice === 'accepted' || d.choice === 'rejected')) app.post(decideMessage(scope, current, d.choice));
      return;
    }
    case 'answerTests': {
      const answer = TestAnswer.safeParse(d.answer);
      if (!answer.success || !d.question) return;
      app.post({ type: 'answerTests', answer: answer.data, question: d.question });
      return app.testGate.markAnswered();
    }
    case 'dismissNotice':
      if (d.area) app.notices[d.area as NoticeArea]?.clear();
      return;
    default:
      return planAction(app, act, target);
  }
}

/** Sends the request box's text to the planner (the Request button, or Ctrl+Enter). */
export function sendRequest(app: App): void {
  const text = app.request.textarea.value.trim();
  if (text === '') return app.request.notice.show('error', 'Describe the feature first.');
  app.request.notice.clear();
  app.post({ type: 'requestFeature', text });
  app.request.textarea.value = '';
  app.ui.draft = '';
  app.persist();
}

/** The plan gate: edit, remove and add tasks. */
function planAction(app: App, act: string, target: ActionTarget): void {
  const id = target.dataset.task;
  const card = id ? app.plan.card(id) : undefined;
  switch (act) {
    case 'editTask':
      return card?.edit(app.cardContext());
    case 'cancelEdit':
      return card?.closeForm(app.cardContext());
    case 'removeTask':
      if (id) app.post(removeTaskMessage(id));
      return;
    case 'saveTask': {
      const form = card?.form;
      if (!card || !form) return;
      const result = editTaskMessages(card.view, form.read());
      if (!result.ok) return form.showProblem(result.problem);
      app.plan.notice.clear();
      for (const m of result.messages) app.post(m);
      return card.closeForm(app.cardContext());
    }
    case 'showAddTask':
      return app.plan.showAddForm(app.cardContext());
    case 'cancelAdd':
      return app.plan.closeAddForm();
    case 'addTask': {
      const form = app.plan.addForm;
      if (!form) return;
      const result = addTaskMessage(form.read());
      if (!result.ok) return form.showProblem(result.problem);
      app.plan.notice.clear();
      for (const m of result.messages) app.post(m);
      return app.plan.closeAddForm();
    }
  }
}
