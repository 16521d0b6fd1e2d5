/**
 * Request changes in the sidebar: a small text box opened below the task's, file's or hunk's row.
 * Send posts the comment with the part's scope; Cancel (or sending nothing) closes it. The box
 * carries the scope in its data, like the decision buttons (reviewActions.scopeOf).
 */
import type { FromWebview } from '../protocol/messages';
import { MAX_COMMENT_CHARS } from '../protocol/messages';
import { button, el } from './dom';
import { scopeOf } from './reviewActions';

const ANCHORS = '.files-head, .file-row, .hunk-head';

/** The "Request changes" button for a part; `data` is the decision buttons' scope data. */
export function requestChangesButton(data: Readonly<Record<string, string>>, what: string, labelled = false): HTMLButtonElement {
  return button({ act: 'requestChanges', kind: labelled ? 'secondary' : 'icon', icon: 'comment', ...(labelled ? { label: 'Request changes' } : {}), aria: `Request changes to ${what}`, data: { ...data } });
}

/** Opens (or focuses) the text box below the row of the button pressed. */
export function openChangeForm(trigger: HTMLElement): void {
  const anchor = trigger.closest<HTMLElement>(ANCHORS) ?? trigger;
  const next = anchor.nextElementSibling;
  if (next instanceof HTMLElement && next.classList.contains('change-form')) {
    next.querySelector('textarea')?.focus();
    return;
  }
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(trigger.dataset)) if (k !== 'act' && v !== undefined) data[k] = v;
  const textarea = el('textarea', 'input change-comment');
  textarea.rows = 3;
  textarea.maxLength = MAX_COMMENT_CHARS;
  textarea.placeholder = 'What is wrong, and what should change?';
  textarea.setAttribute('aria-label', trigger.getAttribute('aria-label') ?? 'Request changes');
  const problem = el('p', 'change-problem');
  problem.hidden = true;
  problem.setAttribute('role', 'status');
  const form = el('div', 'change-form', textarea, problem, el('div', 'change-actions', button({ act: 'sendChanges', kind: 'primary', label: 'Send to the agent', data }), button({ act: 'cancelChanges', label: 'Cancel', data })));
  anchor.after(form);
  textarea.focus();
}

/** The message for the box of the Send button pressed; undefined (and the box says why) when there is nothing to send. */
export function changeMessage(send: HTMLElement): FromWebview | undefined {
  const form = send.closest<HTMLElement>('.change-form');
  const textarea = form?.querySelector('textarea');
  const scope = scopeOf(send.dataset);
  if (!form || !textarea || !scope) return undefined;
  const comment = textarea.value.trim();
  if (comment === '') {
    const problem = form.querySelector<HTMLElement>('.change-problem');
    if (problem) {
      problem.textContent = 'Write what should change, or Cancel.';
      problem.hidden = false;
    }
    textarea.focus();
    return undefined;
  }
  return { type: 'requestChanges', scope, comment };
}

/** Closes the box; focus goes back to the row it was opened from. */
export function closeChangeForm(inside: HTMLElement): void {
  const form = inside.closest<HTMLElement>('.change-form');
  const anchor = form?.previousElementSibling;
  form?.remove();
  if (anchor instanceof HTMLElement) anchor.querySelector<HTMLElement>('[data-act="requestChanges"]')?.focus();
}
