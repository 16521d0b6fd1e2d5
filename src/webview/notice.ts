/** A message for the user next to the part it is about; it stays until dismissed or replaced. */
import { button, el, setHidden } from './dom';
import { icon } from './icons';

export class NoticeBox {
  readonly root: HTMLElement;

  constructor(readonly area: string) {
    this.root = el('div', 'notice');
    this.root.setAttribute('role', 'alert');
    setHidden(this.root, true);
  }

  show(level: 'info' | 'error', text: string, details: readonly string[] = []): void {
    // The core's message often quotes its first detail already.
    const extra = details.filter((d) => !text.includes(d));
    const list = extra.length > 0 ? el('ul', 'notice-details', ...extra.map((d) => el('li', '', d))) : null;
    this.root.className = `notice notice-${level}`;
    this.root.replaceChildren(
      icon(level === 'error' ? 'error' : 'warn'),
      el('div', 'notice-text', el('span', '', text), list),
      button({ act: 'dismissNotice', kind: 'icon', icon: 'close', aria: 'Dismiss this message', data: { area: this.area } }),
    );
    setHidden(this.root, false);
  }

  clear(): void {
    setHidden(this.root, true);
    this.root.replaceChildren();
  }
}
