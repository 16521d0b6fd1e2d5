/**
 * A message for the user next to the part it is about; it stays until dismissed or replaced. A
 * notice about a plan edit (a removed task) can carry the edit that takes it back: it offers Undo.
 */
import type { PlanEditMessage } from '../protocol/messages';
import { button, el, setHidden } from './dom';
import { icon } from './icons';

export class NoticeBox {
  readonly root: HTMLElement;
  /** What Undo sends; undefined when the notice offers no Undo. */
  undo: PlanEditMessage | undefined;

  constructor(readonly area: string) {
    this.root = el('div', 'notice');
    this.root.setAttribute('role', 'alert');
    setHidden(this.root, true);
  }

  show(level: 'info' | 'error', text: string, details: readonly string[] = [], undo?: PlanEditMessage): void {
    // The core's message often quotes its first detail already.
    const extra = details.filter((d) => !text.includes(d));
    const list = extra.length > 0 ? el('ul', 'notice-details', ...extra.map((d) => el('li', '', d))) : null;
    this.root.className = `notice notice-${level}`;
    this.root.replaceChildren(
      icon(level === 'error' ? 'error' : 'warn'),
      el('div', 'notice-text', el('span', '', text), list),
      ...(undo ? [button({ act: 'undoPlanEdit', kind: 'link', icon: 'undo', label: 'Undo', aria: 'Undo this plan edit', data: { area: this.area } })] : []),
      button({ act: 'dismissNotice', kind: 'icon', icon: 'close', aria: 'Dismiss this message', data: { area: this.area } }),
    );
    this.undo = undo;
    setHidden(this.root, false);
  }

  clear(): void {
    this.undo = undefined;
    setHidden(this.root, true);
    this.root.replaceChildren();
  }
}
