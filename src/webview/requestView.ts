/** The feature request box: a multi-line description, Send, and the last requests to reuse. */
import { button, el, setAttr, setHidden } from './dom';
import { NoticeBox } from './notice';
import { ApplyList } from './applyList';

export class RequestView {
  readonly root: HTMLElement;
  readonly textarea: HTMLTextAreaElement;
  readonly notice = new NoticeBox('request');
  /** The workspace's applies, each to roll back (beside Recent). */
  readonly applies = new ApplyList();
  private readonly send: HTMLButtonElement;
  private readonly recentToggle: HTMLButtonElement;
  private readonly recentList: HTMLUListElement;
  private recentKey = '';

  constructor() {
    this.textarea = el('textarea', 'input request-text');
    this.textarea.id = 'request-text';
    this.textarea.rows = 4;
    this.textarea.placeholder = 'Describe a feature, e.g. “Add a due date to tasks, with an overdue filter in the API and the UI.”';
    this.textarea.setAttribute('aria-describedby', 'request-hint');
    const label = el('label', 'field-label', 'Request a feature');
    label.htmlFor = this.textarea.id;
    const hint = el('span', 'hint', 'Ctrl+Enter to send');
    hint.id = 'request-hint';
    this.send = button({ act: 'request', kind: 'primary', icon: 'play', label: 'Request', aria: 'Send the feature request to the planner' });
    this.recentList = el('ul', 'recent-list');
    this.recentList.id = 'recent-list';
    setHidden(this.recentList, true);
    this.recentToggle = button({ act: 'toggleRecent', kind: 'link', icon: 'history', label: 'Recent' });
    this.recentToggle.setAttribute('aria-expanded', 'false');
    this.recentToggle.setAttribute('aria-controls', this.recentList.id);
    const key = button({ act: 'setApiKey', kind: 'link', icon: 'key', label: 'API key', aria: 'Set the API key of the model provider' });
    this.root = el('section', 'request', label, this.textarea, el('div', 'request-actions', hint, this.send), this.notice.root, el('div', 'request-links', this.recentToggle, this.applies.toggle, key), this.recentList, this.applies.list);
    this.root.setAttribute('aria-label', 'Feature request');
  }

  setBusy(busy: boolean): void {
    if (this.send.disabled !== busy) this.send.disabled = busy;
    setAttr(this.send, 'title', busy ? 'A run is working: cancel it or wait for it to finish.' : null);
  }

  setRecent(requests: readonly string[]): void {
    const key = requests.join('\u0000');
    if (key === this.recentKey) return;
    this.recentKey = key;
    setHidden(this.recentToggle, requests.length === 0);
    this.recentList.replaceChildren(
      ...requests.map((r, i) => {
        const b = button({ act: 'useRecent', kind: 'link', label: r.length > 140 ? `${r.slice(0, 137)}…` : r, data: { index: String(i) }, aria: `Use this request again: ${r}` });
        b.title = r;
        return el('li', '', b);
      }),
    );
  }

  toggleRecent(): void {
    const open = this.recentList.hidden;
    setHidden(this.recentList, !open);
    setAttr(this.recentToggle, 'aria-expanded', String(open));
  }
}
