/**
 * The sidebar's Applies list: every apply of this workspace's runs, newest first (the run's
 * request, when, its files), each with Roll back while it can be, or why it cannot (a later apply
 * changed its files, it was rolled back, its checkpoint is no longer kept).
 */
import type { ViewApplyEntry } from '../protocol/messages';
import { button, el, setAttr, setHidden } from './dom';

const STATE_WORDS: Readonly<Record<ViewApplyEntry['state'], string>> = {
  standing: '',
  blocked: 'a later apply changed these files',
  rolledBack: 'rolled back',
  gone: 'checkpoint no longer kept',
};

export class ApplyList {
  readonly toggle: HTMLButtonElement;
  readonly list: HTMLUListElement;
  private key = '';

  constructor() {
    this.list = el('ul', 'apply-list');
    this.list.id = 'apply-list';
    this.list.setAttribute('aria-label', 'Applies of this workspace, newest first');
    setHidden(this.list, true);
    this.toggle = button({ act: 'toggleApplies', kind: 'link', icon: 'history', label: 'Applies', aria: 'Show the applies of this workspace, to roll one back' });
    this.toggle.setAttribute('aria-expanded', 'false');
    this.toggle.setAttribute('aria-controls', this.list.id);
    setHidden(this.toggle, true);
  }

  set(applies: readonly ViewApplyEntry[]): void {
    const key = JSON.stringify(applies);
    if (key === this.key) return;
    this.key = key;
    setHidden(this.toggle, applies.length === 0);
    this.list.replaceChildren(...applies.map(item));
  }

  toggleOpen(): void {
    const open = this.list.hidden;
    setHidden(this.list, !open);
    setAttr(this.toggle, 'aria-expanded', String(open));
  }
}

function item(a: ViewApplyEntry): HTMLLIElement {
  const when = new Date(a.at).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
  const files = `${a.files.length} file${a.files.length === 1 ? '' : 's'}: ${a.files.slice(0, 3).join(', ')}${a.files.length > 3 ? ` +${a.files.length - 3}` : ''}`;
  const request = el('div', 'apply-request', a.request);
  request.title = a.request;
  const meta = el('div', 'apply-meta', `${when} · ${files}`);
  meta.title = a.files.join('\n');
  const li = el('li', `apply apply-${a.state}`, request, meta);
  li.dataset.checkpoint = a.checkpointId;
  if (a.state === 'standing') {
    li.append(button({ act: 'rollBackApply', kind: 'link', icon: 'undo', label: 'Roll back', data: { checkpoint: a.checkpointId }, aria: `Roll back the apply of "${a.request}"` }));
  } else {
    const state = el('div', 'apply-state', STATE_WORDS[a.state]);
    if (a.note) state.title = a.note;
    li.append(state);
  }
  return li;
}
