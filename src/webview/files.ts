/**
 * A task's proposal: its files with +/− counts, each opening to its hunks drawn as a diff in the
 * theme's diff colours. A hunk starts as a placeholder of its height and is drawn when it comes
 * near the viewport (offscreen.ts); a decision updates the badge and buttons of the parts it
 * covers, nothing else; a changed proposal keeps the rows and hunks that did not change.
 */
import type { ViewFile, ViewHunk } from '../protocol/messages';
import { button, el, placeInOrder, setAttr, setHidden, setModifier, setText } from './dom';
import { decisionGroup, type DecisionGroup } from './decisionButtons';
import { requestChangesButton } from './changeForm';
import { hunkHeader } from './diffRows';
import { diffTable } from './diffView';
import { hunkHeight } from './estimate';
import { splitPath } from './format';
import { icon } from './icons';
import type { OffscreenBuilder } from './offscreen';
import { planKeyed, sameFileHead, sameHunk } from './reconcile';
import { fileKey } from './uiState';

let hunkListSeq = 0;

/** Marks a placeholder: the focus handler in app.ts builds it when the keyboard reaches it. */
export const PENDING_CLASS = 'unbuilt';

class HunkView {
  readonly root: HTMLElement;
  private group: DecisionGroup | undefined;
  private table: HTMLElement | undefined;

  constructor(private hunk: ViewHunk, private what: string, private readonly data: Readonly<Record<string, string>>, private readonly lazy: OffscreenBuilder<HTMLElement>) {
    // The placeholder says which hunk it is; the diff and buttons come when it nears the view.
    this.root = el('div', `hunk ${PENDING_CLASS}`, el('code', 'hunk-range', hunkHeader(hunk)));
    const height = hunkHeight(hunk);
    this.root.style.height = `${height}px`;
    this.root.style.containIntrinsicSize = `auto ${height}px`;
    this.root.tabIndex = 0;
    this.root.setAttribute('role', 'group');
    this.root.setAttribute('aria-label', what);
    this.root.setAttribute('aria-busy', 'true');
    setModifier(this.root, 'decision-', hunk.decision);
    lazy.defer(this.root, () => this.build());
  }

  get built(): boolean {
    return this.group !== undefined;
  }

  /** The same hunk at another place in the list: only its name for screen readers changes. */
  rename(what: string): void {
    if (what === this.what) return;
    this.what = what;
    if (!this.built) this.root.setAttribute('aria-label', what);
    this.group?.rename(what);
    if (this.table) setAttr(this.table, 'aria-label', `Lines of ${what}`);
  }

  redecide(hunk: ViewHunk): void {
    this.hunk = hunk;
    setModifier(this.root, 'decision-', hunk.decision);
    this.group?.update(hunk.decision);
  }

  dispose(): void {
    this.lazy.cancel(this.root);
  }

  private build(): void {
    this.root.classList.remove(PENDING_CLASS);
    this.root.style.height = '';
    this.root.removeAttribute('tabindex');
    this.root.removeAttribute('role');
    this.root.removeAttribute('aria-label');
    this.root.removeAttribute('aria-busy');
    this.group = decisionGroup({ ...this.data, hunk: this.hunk.id, scope: 'hunk' }, this.what, this.hunk.decision);
    this.table = diffTable(this.hunk, `Lines of ${this.what}`);
    const ask = requestChangesButton({ ...this.data, hunk: this.hunk.id, scope: 'hunk' }, this.what);
    this.root.replaceChildren(el('div', 'hunk-head', el('code', 'hunk-range', hunkHeader(this.hunk)), this.group.root, ask), this.table);
  }
}

class FileRow {
  readonly root: HTMLLIElement;
  private readonly toggleButton: HTMLButtonElement;
  private readonly group: DecisionGroup;
  private readonly kindEl: HTMLElement;
  private readonly addedEl: HTMLElement;
  private readonly removedEl: HTMLElement;
  private readonly countsEl: HTMLElement;
  private hunksEl: HTMLElement | undefined;
  private hunks = new Map<string, HunkView>();
  private shown = new Map<string, ViewHunk>();

  constructor(private readonly taskId: string, private file: ViewFile, private readonly lazy: OffscreenBuilder<HTMLElement>) {
    const { dir, name } = splitPath(file.path);
    const data = { task: taskId, path: file.path };
    this.kindEl = el('span', 'file-kind');
    this.toggleButton = el('button', 'file-toggle', icon('chevron', 'twisty'), this.kindEl, el('span', 'file-name', name), el('span', 'file-dir', dir));
    this.toggleButton.type = 'button';
    this.toggleButton.dataset.act = 'toggleFile';
    Object.assign(this.toggleButton.dataset, data);
    this.toggleButton.setAttribute('aria-expanded', 'false');
    this.addedEl = el('span', 'added');
    this.removedEl = el('span', 'removed');
    this.countsEl = el('span', 'counts', this.addedEl, this.removedEl);
    const open = button({ act: 'openDiff', kind: 'icon', icon: 'diff', aria: `Open ${file.path} in the diff editor`, data });
    this.group = decisionGroup({ ...data, scope: 'file' }, `all changes to ${file.path}`, file.verdict);
    const ask = requestChangesButton({ ...data, scope: 'file' }, `the changes to ${file.path}`);
    const row = el('div', 'file-row', this.toggleButton, this.countsEl, this.group.root, ask, open);
    this.root = el('li', 'file', row);
    this.root.dataset.path = file.path;
    this.writeHead();
    setModifier(this.root, 'verdict-', file.verdict);
  }

  get isOpen(): boolean {
    return this.hunksEl !== undefined && !this.hunksEl.hidden;
  }

  setOpen(open: boolean): void {
    setAttr(this.toggleButton, 'aria-expanded', String(open));
    if (open && !this.hunksEl) {
      this.hunksEl = el('div', 'hunks');
      this.hunksEl.id = `hunks-${++hunkListSeq}`;
      this.toggleButton.setAttribute('aria-controls', this.hunksEl.id);
      this.root.append(this.hunksEl);
      this.syncHunks();
    }
    if (this.hunksEl) setHidden(this.hunksEl, !open);
  }

  /** The proposal changed this file: new counts, and the hunks that are not the same built again. */
  replace(file: ViewFile): void {
    this.file = file;
    this.writeHead();
    this.redecide(file);
    if (this.hunksEl) this.syncHunks();
  }

  /** The file's decisions changed: its badge, its buttons and those of its hunks. */
  redecide(file: ViewFile): void {
    this.file = file;
    this.group.update(file.verdict);
    setModifier(this.root, 'verdict-', file.verdict);
    for (const h of file.hunks) this.hunks.get(h.id)?.redecide(h);
  }

  dispose(): void {
    for (const h of this.hunks.values()) h.dispose();
  }

  private writeHead(): void {
    const f = this.file;
    setText(this.kindEl, f.kind[0]?.toUpperCase() ?? '');
    setModifier(this.kindEl, 'kind-', f.kind);
    setAttr(this.toggleButton, 'title', `${f.path} (${f.kind})`);
    setText(this.addedEl, `+${f.added}`);
    setText(this.removedEl, `−${f.removed}`);
    setAttr(this.countsEl, 'aria-label', `${f.added} lines added, ${f.removed} removed`);
  }

  /** Keyed by hunk id: an unchanged hunk keeps its element (and the focus in it). */
  private syncHunks(): void {
    const host = this.hunksEl;
    if (!host) return;
    const hunks = this.file.hunks;
    const plan = planKeyed(this.shown, hunks, (h) => h.id, sameHunk);
    for (const id of [...plan.removed, ...plan.changed]) {
      this.hunks.get(id)?.dispose();
      this.hunks.delete(id);
    }
    const data = { task: this.taskId, path: this.file.path };
    const views = hunks.map((h, i) => {
      const what = `hunk ${i + 1} of ${hunks.length} in ${this.file.path}`;
      let view = this.hunks.get(h.id);
      if (view) view.rename(what);
      else this.hunks.set(h.id, (view = new HunkView(h, what, data, this.lazy)));
      return view;
    });
    this.shown = new Map(hunks.map((h) => [h.id, h]));
    placeInOrder(host, views.map((v) => v.root));
  }
}

export class FileList {
  readonly root: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly head: HTMLElement;
  private readonly titleEl: HTMLElement;
  private readonly addedEl: HTMLElement;
  private readonly removedEl: HTMLElement;
  private readonly group: DecisionGroup;
  private rows = new Map<string, FileRow>();
  private shown = new Map<string, ViewFile>();

  constructor(private readonly taskId: string, title: string, private readonly lazy: OffscreenBuilder<HTMLElement>) {
    this.list = el('ul', 'files');
    this.list.setAttribute('aria-label', `Files changed by ${taskId}`);
    this.titleEl = el('span', 'files-title');
    this.addedEl = el('span', 'added');
    this.removedEl = el('span', 'removed');
    this.group = decisionGroup({ task: taskId, scope: 'task' }, `all changes of ${taskId} ${title}`, 'none');
    this.head = el('div', 'files-head', this.titleEl, el('span', 'counts', this.addedEl, this.removedEl), this.group.root, requestChangesButton({ task: taskId, scope: 'task' }, `the changes of ${taskId} ${title}`, true));
    this.root = el('div', 'proposal', this.head, this.list);
  }

  /** The task's proposal changed: rows whose file is the same stay, the others are built again. */
  set(files: readonly ViewFile[], expanded: ReadonlySet<string>, verdict: ViewFile['verdict']): void {
    setHidden(this.root, files.length === 0);
    setText(this.titleEl, `${files.length} file${files.length === 1 ? '' : 's'}`);
    setText(this.addedEl, `+${files.reduce((n, f) => n + f.added, 0)}`);
    setText(this.removedEl, `−${files.reduce((n, f) => n + f.removed, 0)}`);
    this.group.update(verdict);
    const plan = planKeyed(this.shown, files, (f) => f.path, sameFileHead);
    for (const path of plan.removed) {
      this.rows.get(path)?.dispose();
      this.rows.delete(path);
    }
    const rows = files.map((f) => {
      let row = this.rows.get(f.path);
      if (row) row.replace(f);
      else {
        this.rows.set(f.path, (row = new FileRow(this.taskId, f, this.lazy)));
        if (expanded.has(fileKey(this.taskId, f.path))) row.setOpen(true);
      }
      return row;
    });
    this.shown = new Map(files.map((f) => [f.path, f]));
    placeInOrder(this.list, rows.map((r) => r.root));
  }

  setOpen(path: string, open: boolean): void {
    this.rows.get(path)?.setOpen(open);
  }

  redecide(files: readonly ViewFile[], paths: ReadonlySet<string>, verdict: ViewFile['verdict']): void {
    this.group.update(verdict);
    for (const f of files) if (paths.has(f.path)) this.rows.get(f.path)?.redecide(f);
  }

  updateVerdict(verdict: ViewFile['verdict']): void {
    this.group.update(verdict);
  }

  dispose(): void {
    for (const r of this.rows.values()) r.dispose();
  }
}
