/**
 * One task of the plan: a head that always shows (status, role, title, dependencies, model, tokens,
 * cost, time) and a body built the first time it is open and near the viewport (description or the
 * gate's form, the agent's transcript, its summary, its files); until then the body is a placeholder
 * of its estimated height that updates only resize. Updates write only the elements whose text changed.
 */
import type { ViewActivity, ViewFile, ViewTask } from '../protocol/messages';
import { ActivityList } from './activity';
import { button, el, setAttr, setHidden, setModifier, setText } from './dom';
import { bodyHeight } from './estimate';
import { FileList, PENDING_CLASS } from './files';
import { InstructionsList } from './instructionsList';
import { displayStatus, elapsedOf, formatCost, formatTokens, statusLabel, totalTokens, usageTitle, type DisplayStatus } from './format';
import { taskForm, type TaskFormView } from './gateForm';
import { icon, setIcon, type IconName } from './icons';
import type { OffscreenBuilder } from './offscreen';
import { weakenedBadge } from './testWords';
import { activityRoundLabel, revisedNote, roundLine } from './revisionWords';
import { fileKey } from './uiState';

const STATUS_ICON: Record<DisplayStatus, IconName> = {
  pending: 'dot',
  running: 'spin',
  fixing: 'spin',
  proposed: 'pass',
  accepted: 'check',
  applied: 'save',
  'partly-accepted': 'check',
  rejected: 'close',
  failed: 'error',
  blocked: 'block',
  cancelled: 'stop',
  interrupted: 'stop',
};

/** What a card needs from the rest of the view. */
export interface CardContext {
  readonly maxFixRounds: number;
  readonly gate: boolean;
  readonly roles: readonly string[];
  /** Where each role came from (built-in, or its agent file): the role chip's tooltip. */
  readonly roleSources?: Readonly<Record<string, string>>;
  readonly now: number;
  readonly tasks: ReadonlyMap<string, ViewTask>;
  readonly order: readonly string[];
  readonly expandedFiles: ReadonlySet<string>;
  /** The plan's estimate per task (shown until the task has used something of its own). */
  readonly estimates?: Readonly<Record<string, { readonly label: string; readonly source: string }>>;
}

/** A card's head and meta line, in CSS pixels (see estimate.ts). */
const CARD_HEAD_PX = 62;

/** What an open body shows, read when it is built (it may be built frames after it opened). */
export interface BodySource {
  readonly ctx: CardContext;
  readonly activity: readonly ViewActivity[];
  readonly files: readonly ViewFile[];
}

interface Body {
  readonly root: HTMLElement;
  readonly description: HTMLElement;
  readonly gateActions: HTMLElement;
  readonly reason: HTMLElement;
  readonly summary: HTMLElement;
  readonly history: HTMLElement;
  readonly activity: ActivityList;
  readonly files: FileList;
  readonly instructions: InstructionsList;
  form?: TaskFormView;
}

export class TaskCard {
  readonly root: HTMLLIElement;
  private readonly toggleButton: HTMLButtonElement;
  private readonly statusIcon: HTMLElement;
  private readonly roleEl: HTMLElement;
  private readonly titleEl: HTMLElement;
  private readonly depsEl: HTMLElement;
  private readonly statusEl: HTMLElement;
  private readonly modelEl: HTMLElement;
  private readonly tokensEl: HTMLElement;
  private readonly costEl: HTMLElement;
  private readonly elapsedEl: HTMLElement;
  private readonly changesEl: HTMLElement;
  private readonly metaEl: HTMLElement;
  /** Built the first time a fix of this task loosens a test: most cards never need it. */
  private weakenedEl: HTMLElement | undefined;
  /** Built the first time a dependency is revised after this task proposed. */
  private revisedEl: HTMLElement | undefined;
  private body: Body | undefined;
  /** The body's element: a placeholder until the body is built. */
  private bodyRoot: HTMLElement | undefined;
  private source: (() => BodySource) | undefined;
  private task: ViewTask;
  private depsKey = '';

  constructor(task: ViewTask, private readonly lazy: OffscreenBuilder<HTMLElement>) {
    this.task = task;
    const id = task.id;
    this.statusIcon = el('span', 'status-icon');
    this.roleEl = el('span', 'role');
    this.titleEl = el('span', 'title');
    this.toggleButton = el('button', 'task-toggle', icon('chevron', 'twisty'), this.statusIcon, el('span', 'task-id', id), this.roleEl, this.titleEl);
    this.toggleButton.type = 'button';
    this.toggleButton.dataset.act = 'toggleTask';
    this.toggleButton.dataset.task = id;
    this.toggleButton.setAttribute('aria-expanded', 'false');
    this.toggleButton.setAttribute('aria-controls', `task-body-${id}`);
    this.depsEl = el('span', 'deps');
    this.statusEl = el('span', 'status-label');
    this.modelEl = el('span', 'model');
    this.tokensEl = el('span', 'tokens');
    this.costEl = el('span', 'cost');
    this.elapsedEl = el('span', 'elapsed');
    this.changesEl = el('span', 'counts');
    // The dependencies sit on the meta line, beside the status: the head's width goes to the title.
    this.metaEl = el('div', 'task-meta', this.statusEl, this.depsEl, this.modelEl, this.tokensEl, this.costEl, this.elapsedEl, this.changesEl);
    this.root = el('li', 'task', el('div', 'task-head', this.toggleButton), this.metaEl);
    this.root.id = `task-${id}`;
    this.root.dataset.task = id;
  }

  get id(): string {
    return this.task.id;
  }

  get view(): ViewTask {
    return this.task;
  }

  update(task: ViewTask, ctx: CardContext): void {
    this.task = task;
    const status = displayStatus(task);
    setModifier(this.root, 'status-', status);
    setIcon(this.statusIcon, STATUS_ICON[status]);
    setText(this.roleEl, task.role);
    setModifier(this.roleEl, 'role-', task.role.replace(/\W+/g, '-'));
    const source = ctx.roleSources && Object.hasOwn(ctx.roleSources, task.role) ? ctx.roleSources[task.role] : undefined;
    setAttr(this.roleEl, 'title', source === undefined ? null : `${task.role}: ${source === 'built-in' ? 'built-in role' : `from ${source}`}`);
    setText(this.titleEl, task.title);
    // Clamped to two lines in the card: the whole title on hover.
    setAttr(this.titleEl, 'title', task.title);
    const label = statusLabel(task, ctx.maxFixRounds);
    setText(this.statusEl, label);
    const weakened = task.weakened && task.weakened.length > 0 ? weakenedBadge(task.weakened) : undefined;
    setAttr(this.toggleButton, 'aria-label', `${task.id}, ${task.role}: ${task.title}. ${label}${weakened ? `. ${weakened.label}` : ''}`);
    this.updateWeakened(weakened);
    this.updateRevisedNote(revisedNote(task));
    setText(this.modelEl, task.model ?? '');
    const used = task.usage.calls > 0;
    const estimate = used || !ctx.estimates || !Object.hasOwn(ctx.estimates, task.id) ? undefined : ctx.estimates[task.id];
    setText(this.tokensEl, used ? `${formatTokens(totalTokens(task.usage))} tok` : (estimate?.label ?? ''));
    setText(this.costEl, used ? formatCost(task.usage.cost) : '');
    setAttr(this.tokensEl, 'title', used ? usageTitle(task.usage) : estimate ? `Estimated before it ran: ${estimate.source}` : null);
    this.tokensEl.classList.toggle('estimate', estimate !== undefined);
    setText(this.changesEl, task.added + task.removed > 0 ? `+${task.added} −${task.removed}` : '');
    this.tick(ctx.now);
    this.updateDeps(task);
    if (this.body) this.updateBody(ctx);
    else this.resizePlaceholder();
  }

  /** The clock moved: only a working task's elapsed time changes. */
  tick(now: number): void {
    setText(this.elapsedEl, elapsedOf(this.task.startedAt, this.task.finishedAt, now));
  }

  get working(): boolean {
    return (this.task.status === 'running' || this.task.status === 'fixing') && !this.task.interrupted;
  }

  /** `source` gives what the body shows when it is built: at once if it is in view, else once it nears it. */
  setExpanded(open: boolean, source: () => BodySource): void {
    setAttr(this.toggleButton, 'aria-expanded', String(open));
    this.source = source;
    if (open && !this.bodyRoot) {
      const root = el('div', `task-body ${PENDING_CLASS}`);
      root.id = `task-body-${this.task.id}`;
      // A keyboard user tabbing onto the placeholder builds it (app.ts) and lands inside.
      root.tabIndex = 0;
      root.setAttribute('role', 'group');
      root.setAttribute('aria-busy', 'true');
      root.setAttribute('aria-label', `Details of ${this.task.id}`);
      this.bodyRoot = root;
      this.root.append(root);
    }
    const root = this.bodyRoot;
    if (!root) return;
    setHidden(root, !open);
    if (this.body) return;
    // The card decides when: off-screen it skips its content (content-visibility), so the
    // placeholder inside has no place of its own to watch.
    if (open) this.lazy.defer(root, () => this.buildBody(), this.root);
    else this.lazy.cancel(root);
    this.resizePlaceholder();
  }

  /** The card left the plan: its placeholders will never be built. */
  dispose(): void {
    if (this.bodyRoot) this.lazy.cancel(this.bodyRoot);
    this.body?.files.dispose();
  }

  appendActivity(items: readonly ViewActivity[], from: number): void {
    if (this.body) this.body.activity.update(items, from);
    else this.resizePlaceholder();
  }

  showAllActivity(items: readonly ViewActivity[]): void {
    this.body?.activity.expandAll(items);
  }

  setFiles(files: readonly ViewFile[], expanded: ReadonlySet<string>): void {
    if (this.body) this.body.files.set(files, expanded, this.task.verdict);
    else this.resizePlaceholder();
  }

  redecide(files: readonly ViewFile[], paths: ReadonlySet<string>): void {
    this.body?.files.redecide(files, paths, this.task.verdict);
  }

  setFileOpen(path: string, open: boolean): void {
    this.body?.files.setOpen(path, open);
  }

  /** Opens the gate's edit form in place of the description. */
  edit(ctx: CardContext): void {
    if (!this.body) return;
    const candidates = ctx.order.flatMap((id) => ctx.tasks.get(id) ?? []);
    const form = taskForm({ task: this.task, candidates, roles: ctx.roles });
    this.body.form?.root.remove();
    this.body.form = form;
    this.body.description.after(form.root);
    this.updateBody(ctx);
    form.focus();
  }

  closeForm(ctx: CardContext): void {
    if (!this.body?.form) return;
    this.body.form.root.remove();
    this.body.form = undefined;
    this.updateBody(ctx);
    this.toggleButton.focus();
  }

  get form(): TaskFormView | undefined {
    return this.body?.form;
  }

  /** "t1 was revised after this was proposed": built the first time a dependency of this task is revised. */
  private updateRevisedNote(note: string | undefined): void {
    if (!note) {
      if (this.revisedEl) setHidden(this.revisedEl, true);
      return;
    }
    if (!this.revisedEl) {
      this.revisedEl = el('span', 'revised-note');
      this.metaEl.append(this.revisedEl);
    }
    setHidden(this.revisedEl, false);
    setText(this.revisedEl, note);
  }

  /** The "weakened test" badge: a fix of this task made a failing test assert less. */
  private updateWeakened(badge: { text: string; label: string } | undefined): void {
    if (!badge) {
      if (this.weakenedEl) setHidden(this.weakenedEl, true);
      return;
    }
    if (!this.weakenedEl) {
      this.weakenedEl = el('span', 'weakened-badge');
      this.metaEl.append(this.weakenedEl);
    }
    setHidden(this.weakenedEl, false);
    if (this.weakenedEl.dataset.key === badge.text) return;
    this.weakenedEl.dataset.key = badge.text;
    this.weakenedEl.replaceChildren(icon('warn'), el('span', '', badge.text));
    this.weakenedEl.title = badge.label;
  }

  private updateDeps(task: ViewTask): void {
    const key = task.dependsOn.join(',');
    if (key === this.depsKey) return;
    this.depsKey = key;
    if (task.dependsOn.length === 0) return this.depsEl.replaceChildren();
    const chips = task.dependsOn.map((d) => button({ act: 'focusTask', kind: 'link', label: d, aria: `Depends on ${d}: go to it`, data: { target: d } }));
    this.depsEl.replaceChildren(icon('arrow'), ...chips);
    this.depsEl.title = `Depends on ${task.dependsOn.join(', ')}`;
  }

  /** The unbuilt body's height follows what it will show, so the scrollbar stays about right. */
  private resizePlaceholder(): void {
    const root = this.bodyRoot;
    if (!root || this.body || !this.source) return;
    const { activity, files, ctx } = this.source();
    const height = bodyHeight({ task: this.task, activity, files, isOpen: (path) => ctx.expandedFiles.has(fileKey(this.task.id, path)) });
    root.style.height = `${height}px`;
    // What the card measures while it skips its content, until it has been drawn once.
    this.root.style.containIntrinsicSize = root.hidden ? '' : `auto ${CARD_HEAD_PX + height}px`;
  }

  /** Fills the placeholder: the body as it is now. */
  private buildBody(): void {
    const root = this.bodyRoot;
    if (!root || this.body || !this.source) return;
    const { ctx, activity, files } = this.source();
    root.classList.remove(PENDING_CLASS);
    root.style.height = '';
    root.removeAttribute('tabindex');
    root.removeAttribute('role');
    root.removeAttribute('aria-busy');
    root.removeAttribute('aria-label');
    this.body = this.bodyParts(root);
    this.updateBody(ctx);
    this.body.activity.rebuild(activity);
    this.body.files.set(files, ctx.expandedFiles, this.task.verdict);
  }

  private bodyParts(root: HTMLElement): Body {
    const id = this.task.id;
    const description = el('p', 'description');
    const gateActions = el('div', 'gate-actions', button({ act: 'editTask', icon: 'edit', label: 'Edit', data: { task: id } }), button({ act: 'removeTask', icon: 'trash', label: 'Remove', aria: `Remove task ${id} from the plan`, data: { task: id } }));
    const reason = el('p', 'reason');
    reason.setAttribute('role', 'status');
    const summary = el('p', 'summary');
    const history = el('ol', 'history');
    const activity = new ActivityList(id);
    activity.roundLabel = (round) => activityRoundLabel(this.task, round);
    const files = new FileList(id, this.task.title, this.lazy);
    const instructions = new InstructionsList();
    root.replaceChildren(description, gateActions, instructions.root, reason, activity.root, summary, history, files.root);
    return { root, description, gateActions, reason, summary, history, activity, files, instructions };
  }

  private updateBody(ctx: CardContext): void {
    const b = this.body;
    if (!b) return;
    const t = this.task;
    b.files.updateVerdict(t.verdict);
    b.instructions.update(t.instructions);
    setText(b.description, t.description);
    setHidden(b.description, b.form !== undefined);
    setHidden(b.gateActions, !ctx.gate || b.form !== undefined);
    setText(b.reason, t.reason ?? '');
    setHidden(b.reason, !t.reason);
    setText(b.summary, t.summary ? `Summary: ${t.summary}` : '');
    setHidden(b.summary, !t.summary);
    setHidden(b.activity.root, t.status === 'pending' && t.startedAt === undefined);
    const revisions = t.history.filter((h) => h.round > 0);
    setHidden(b.history, revisions.length === 0);
    const historyKey = JSON.stringify(revisions);
    if (b.history.dataset.key === historyKey) return;
    b.history.dataset.key = historyKey;
    // Round 1 is the first proposal; each later entry of the history is a round of its own.
    b.history.replaceChildren(...revisions.map((h) => el('li', `revision revision-${h.outcome}`, roundLine(h, t.history.indexOf(h)))));
  }
}
