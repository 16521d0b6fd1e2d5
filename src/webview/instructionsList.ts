/**
 * A task's "Project instructions" line in its card: which of the project's instruction files
 * (AGENTS.md, Copilot's, Cursor's rules, …) its agent was given, and which were cut to the budget,
 * left out or only named. Rebuilt only when the list changes.
 */
import type { ViewInstruction } from '../protocol/messages';
import { el, setHidden } from './dom';

const NOTE: Record<ViewInstruction['status'], string> = {
  whole: '',
  truncated: 'cut to fit',
  omitted: 'left out',
  listed: 'to read if relevant',
};

const STATUS_WORDS: Record<ViewInstruction['status'], string> = {
  whole: 'given whole',
  truncated: 'cut to fit the budget',
  omitted: 'left out: over the budget',
  listed: 'named for the agent to read when relevant',
};

export class InstructionsList {
  readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private key = '';

  constructor() {
    this.list = el('ul', 'instructions-files');
    this.root = el('div', 'instructions', el('span', 'instructions-label', 'Project instructions'), this.list);
    setHidden(this.root, true);
  }

  update(files: readonly ViewInstruction[] | undefined): void {
    const key = JSON.stringify(files ?? []);
    if (key === this.key) return;
    this.key = key;
    setHidden(this.root, !files || files.length === 0);
    this.list.replaceChildren(...(files ?? []).map(item));
  }
}

function item(file: ViewInstruction): HTMLElement {
  const note = NOTE[file.status];
  const li = el('li', `instruction instruction-${file.status}`, el('span', 'instruction-path', file.path), ...(note ? [el('span', 'instruction-note', note)] : []));
  li.title = `${file.path}: ${STATUS_WORDS[file.status]} (${file.why})`;
  return li;
}
