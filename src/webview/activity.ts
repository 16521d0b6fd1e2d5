/**
 * A task's transcript: one line per tool call of its agent. New lines are appended, never
 * re-rendered, and only the latest WINDOW lines are in the DOM until the user asks for the rest,
 * so a streamed line costs the same however long the transcript is.
 */
import type { ViewActivity } from '../protocol/messages';
import { button, el, setHidden, setText } from './dom';
import { ACTIVITY_WINDOW } from './estimate';
import { icon, type IconName } from './icons';

export { ACTIVITY_WINDOW };

function toolIcon(tool: string): IconName {
  if (tool === 'read_file' || tool === 'list_files') return 'file';
  if (tool === 'search') return 'search';
  if (tool === 'propose_edit' || tool === 'create_file' || tool === 'delete_file') return 'edit';
  if (tool === 'run_tests') return 'play';
  if (tool === 'finish') return 'check';
  return 'tool';
}

/** `roundLabel`: the words for a later round's lines (the card numbers rounds as its history does). */
export function activityLine(a: ViewActivity, roundLabel: (round: number) => string = (r) => `fix ${r}`): HTMLLIElement {
  const li = el('li', `act${a.isError ? ' act-error' : ''}`, icon(a.isError ? 'error' : toolIcon(a.tool)), a.round > 0 ? el('span', 'act-round', roundLabel(a.round)) : null, el('span', 'act-text', a.summary));
  li.title = a.summary;
  return li;
}

export class ActivityList {
  readonly root: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly more: HTMLButtonElement;
  private readonly count: HTMLElement;
  /** Index (in the task's transcript) of the first line in the DOM. */
  private first = 0;
  private showAll = false;
  /** Set by the task card: a round's number as its history shows it. */
  roundLabel: (round: number) => string = (r) => `fix ${r}`;

  constructor(taskId: string) {
    this.list = el('ol', 'activity');
    this.list.setAttribute('role', 'log');
    this.list.setAttribute('aria-label', `Activity of ${taskId}`);
    this.more = button({ act: 'showActivity', kind: 'link', label: '', data: { task: taskId } });
    this.count = el('span', 'activity-count');
    this.root = el('div', 'activity-box', el('div', 'sub-head', el('span', '', 'Activity'), this.count), this.more, this.list);
  }

  /** Lines from `from` on changed (appended, or replaced after a reset). */
  update(items: readonly ViewActivity[], from: number): void {
    const inDom = this.list.childElementCount;
    const end = this.first + inDom;
    if (from < this.first || from > end) {
      this.rebuild(items);
    } else {
      // Drop the lines that were replaced, then append the new ones.
      for (let i = end; i > from; i--) this.list.lastElementChild?.remove();
      const fragment = document.createDocumentFragment();
      for (let i = from; i < items.length; i++) {
        const item = items[i];
        if (item) fragment.append(activityLine(item, this.roundLabel));
      }
      this.list.append(fragment);
      if (!this.showAll) {
        while (this.list.childElementCount > ACTIVITY_WINDOW) {
          this.list.firstElementChild?.remove();
          this.first++;
        }
      }
    }
    this.updateCounts(items.length);
  }

  rebuild(items: readonly ViewActivity[]): void {
    this.first = this.showAll ? 0 : Math.max(0, items.length - ACTIVITY_WINDOW);
    const fragment = document.createDocumentFragment();
    for (let i = this.first; i < items.length; i++) {
      const item = items[i];
      if (item) fragment.append(activityLine(item, this.roundLabel));
    }
    this.list.replaceChildren(fragment);
    this.updateCounts(items.length);
  }

  expandAll(items: readonly ViewActivity[]): void {
    this.showAll = true;
    this.rebuild(items);
  }

  private updateCounts(total: number): void {
    setText(this.count, total === 0 ? 'nothing yet' : `${total} step${total === 1 ? '' : 's'}`);
    setHidden(this.more, this.first === 0);
    setText(this.more, `Show ${this.first} earlier step${this.first === 1 ? '' : 's'}`);
  }
}
