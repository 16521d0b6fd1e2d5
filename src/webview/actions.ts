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
import { changeMessage, closeChangeForm, openChangeForm } from './changeForm';

export type ActionTarget = HTMLElement;

const SIMPLE = {
  approvePlan: 'approvePlan',
  cancel: 'cancel',
  applyAccepted: 'applyAccepted',
  rollBack: 'rollBack',
  testSelection: 'testSelection',
  setApiKey: 'setApiKey',
} as const;

export function handleAction(app: App, target: ActionTarget): void {
  const d = target.dataset;
  const act = d.act ?? '';
  // The button says "Testing…" until the result (or a notice why it did not run) arrives.
  if (act === 'testSelection') app.review.selection.testing(app.store.tests.selection);
  if (act in SIMPLE) return app.post({ type: SIMPLE[act as keyof typeof SIMPLE] });
  switch (act) {
    case 'request':
      return sendRequest(app);
    case 'toggleRecent':
      return app.request.toggleRecent();
    case 'toggleApplies':
      return app.request.applies.toggleOpen();
    case 'rollBackApply':
      if (d.checkpoint) app.post({ type: 'rollBackApply', checkpointId: d.checkpoint });
      return;
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
    case 'requestChanges':
      return openChangeForm(target);
    case 'sendChanges': {
      const message = changeMessage(target);
      if (!message) return;
      app.post(message);
      return closeChangeForm(target);
    }
    case 'cancelChanges':
      return closeChangeForm(target);
    case 'answerTests': {
      const answer = TestAnswer.safeParse(d.answer);
      if (!answer.success || !d.question) return;
      app.post({ type: 'answerTests', answer: answer.data, question: d.question });
      return app.testGate.markAnswered();
    }
    case 'resumeRun':
      // The header's button resumes the run it shows, by id.
      if (d.run) app.post({ type: 'resumeRun', runId: d.run });
      return;
    case 'dismissResume':
      if (d.run) app.dismissResume(d.run);
      return;
    case 'dismissNotice':
      if (d.area) app.notices[d.area as NoticeArea]?.clear();
      return;
    case 'undoPlanEdit': {
      // The notice of a removed task offers the edit that puts it back (journaled as a plan edit).
      const undo = app.plan.notice.undo;
      if (!undo) return;
      app.plan.notice.clear();
      return app.post({ type: 'editPlan', edit: undo });
    }
    default:
      return planAction(app, act, target);
  }
}

/**
 * Sends the request box's text to the planner (the Request button, or Ctrl+Enter). The box keeps
 * the text until a run of that request starts (App clears it then): a request the extension
 * refuses (no key, a run working, the current run kept) is still there to send again.
 */
export function sendRequest(app: App): void {
  const text = app.request.textarea.value.trim();
  if (text === '') return app.request.notice.show('error', 'Describe the feature first.');
  app.request.notice.clear();
  app.post({ type: 'requestFeature', text });
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
      if (result.messages.length === 0) return card.closeForm(app.cardContext());
      // Open until the plan changes (App closes it) or the edit is refused (its problem shows here).
      form.setSaving(true);
      for (const m of result.messages) app.post(m);
      return;
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
