/**
 * A task's proposal: its files with +/− counts, each opening to its hunks drawn as a diff in the
 * theme's diff colours. Hunks are built only when their file opens; a decision updates the badge
 * and buttons of the parts it covers, nothing else.
 */
import type { ViewFile, ViewHunk } from '../protocol/messages';
import { button, el, setAttr, setHidden, setModifier } from './dom';
import { decisionGroup, type DecisionGroup } from './decisionButtons';
import { hunkHeader } from './diffRows';
import { diffTable } from './diffView';
import { splitPath } from './format';
import { icon } from './icons';
import { fileKey } from './uiState';

let hunkListSeq = 0;

interface HunkView {
  readonly root: HTMLElement;
  readonly group: DecisionGroup;
}

class FileRow {
  readonly root: HTMLLIElement;
  private readonly toggleButton: HTMLButtonElement;
  private readonly group: DecisionGroup;
  private hunksEl: HTMLElement | undefined;
  private readonly hunks = new Map<string, HunkView>();

  constructor(private readonly taskId: string, private file: ViewFile) {
    const { dir, name } = splitPath(file.path);
    const data = { task: taskId, path: file.path };
    this.toggleButton = el('button', 'file-toggle', icon('chevron', 'twisty'), el('span', `file-kind kind-${file.kind}`, file.kind[0]?.toUpperCase() ?? ''), el('span', 'file-name', name), el('span', 'file-dir', dir));
    this.toggleButton.type = 'button';
    this.toggleButton.dataset.act = 'toggleFile';
    Object.assign(this.toggleButton.dataset, data);
    this.toggleButton.setAttribute('aria-expanded', 'false');
    this.toggleButton.title = `${file.path} (${file.kind})`;
    const counts = el('span', 'counts', el('span', 'added', `+${file.added}`), el('span', 'removed', `−${file.removed}`));
    counts.setAttribute('aria-label', `${file.added} lines added, ${file.removed} removed`);
    const open = button({ act: 'openDiff', kind: 'icon', icon: 'diff', aria: `Open ${file.path} in the diff editor`, data });
    this.group = decisionGroup({ ...data, scope: 'file' }, `all changes to ${file.path}`, file.verdict);
    const row = el('div', 'file-row', this.toggleButton, counts, this.group.root, open);
    this.root = el('li', 'file', row);
    this.root.dataset.path = file.path;
    setModifier(this.root, 'verdict-', file.verdict);
  }

  setOpen(open: boolean): void {
    setAttr(this.toggleButton, 'aria-expanded', String(open));
    if (open && !this.hunksEl) {
      this.hunksEl = el('div', 'hunks');
      this.hunksEl.id = `hunks-${++hunkListSeq}`;
      this.toggleButton.setAttribute('aria-controls', this.hunksEl.id);
      this.file.hunks.forEach((h, i) => this.hunksEl?.append(this.buildHunk(h, i)));
      this.root.append(this.hunksEl);
    }
    if (this.hunksEl) setHidden(this.hunksEl, !open);
  }

  /** The file's decisions changed: its badge, its buttons and those of its hunks. */
  redecide(file: ViewFile): void {
    this.file = file;
    this.group.update(file.verdict);
    setModifier(this.root, 'verdict-', file.verdict);
    for (const h of file.hunks) {
      const view = this.hunks.get(h.id);
      if (!view) continue;
      view.group.update(h.decision);
      setModifier(view.root, 'decision-', h.decision);
    }
  }

  private buildHunk(h: ViewHunk, index: number): HTMLElement {
    const what = `hunk ${index + 1} of ${this.file.hunks.length} in ${this.file.path}`;
    const group = decisionGroup({ task: this.taskId, path: this.file.path, hunk: h.id, scope: 'hunk' }, what, h.decision);
    const head = el('div', 'hunk-head', el('code', 'hunk-range', hunkHeader(h)), group.root);
    const body = diffTable(h, `Lines of ${what}`);
    const root = el('div', 'hunk', head, body);
    setModifier(root, 'decision-', h.decision);
    this.hunks.set(h.id, { root, group });
    return root;
  }
}

export class FileList {
  readonly root: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly head: HTMLElement;
  private group: DecisionGroup | undefined;
  private rows = new Map<string, FileRow>();

  constructor(private readonly taskId: string, private readonly title: string) {
    this.list = el('ul', 'files');
    this.list.setAttribute('aria-label', `Files changed by ${taskId}`);
    this.head = el('div', 'files-head');
    this.root = el('div', 'proposal', this.head, this.list);
  }

  /** The task's proposal changed: rebuild its rows, reopening the files that were open. */
  set(files: readonly ViewFile[], expanded: ReadonlySet<string>, verdict: ViewFile['verdict']): void {
    setHidden(this.root, files.length === 0);
    this.rows = new Map();
    this.list.replaceChildren();
    const added = files.reduce((n, f) => n + f.added, 0);
    const removed = files.reduce((n, f) => n + f.removed, 0);
    this.group = decisionGroup({ task: this.taskId, scope: 'task' }, `all changes of ${this.taskId} ${this.title}`, verdict);
    this.head.replaceChildren(el('span', 'files-title', `${files.length} file${files.length === 1 ? '' : 's'}`), el('span', 'counts', el('span', 'added', `+${added}`), el('span', 'removed', `−${removed}`)), this.group.root);
    for (const f of files) {
      const row = new FileRow(this.taskId, f);
      this.rows.set(f.path, row);
      this.list.append(row.root);
      if (expanded.has(fileKey(this.taskId, f.path))) row.setOpen(true);
    }
  }

  setOpen(path: string, open: boolean): void {
    this.rows.get(path)?.setOpen(open);
  }

  redecide(files: readonly ViewFile[], paths: ReadonlySet<string>, verdict: ViewFile['verdict']): void {
    this.group?.update(verdict);
    for (const f of files) if (paths.has(f.path)) this.rows.get(f.path)?.redecide(f);
  }

  updateVerdict(verdict: ViewFile['verdict']): void {
    this.group?.update(verdict);
  }
}
