/**
 * The sidebar: receives the extension's messages, folds those of one animation frame into the
 * model (store.ts), and updates only the elements the changes touch. UI state (open tasks and
 * files, scroll, the unsent request) survives the view being hidden through getState/setState.
 */
import type { FromWebview, NoticeArea } from '../protocol/messages';
import { handleAction, sendRequest } from './actions';
import { closeSavedForm, showRefusedSave } from './gateSave';
import { el, section, setAttr, setHidden, setOpen, setText } from './dom';
import { PENDING_CLASS } from './files';
import { displayStatus } from './format';
import { RunHeader } from './header';
import type { NoticeBox } from './notice';
import { OffscreenBuilder } from './offscreen';
import { PlanView } from './planView';
import { RequestView } from './requestView';
import { ReviewBar } from './reviewBar';
import { applyBatch, ViewStore, type Changes } from './store';
import type { BodySource, CardContext } from './taskCard';
import { TestGateView } from './testGate';
import { renderTests } from './testsView';
import { testsHeadline } from './testWords';
import { adoptRun, persistUiState, restoreUiState, type UiState } from './uiState';
import { intersectionWatcher } from './viewportWatcher';

export interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}

export interface AppOptions {
  readonly api: VsCodeApi;
  readonly root: HTMLElement;
  readonly now?: () => number;
  /** Runs the batch of messages later (the next animation frame in the browser). */
  readonly schedule?: (fn: () => void) => void;
  /** The element that scrolls (the document's, in the webview). */
  readonly scroller?: () => Element | null;
}

export class App {
  readonly store = new ViewStore();
  readonly ui: UiState;
  /** Open bodies and hunks are built when they near the viewport: a big run's first frame stays light. */
  readonly offscreen = new OffscreenBuilder<HTMLElement>(
    typeof IntersectionObserver === 'function' ? intersectionWatcher : undefined,
    () => window.innerHeight,
    // A task card skips laying out its content while far off-screen (media/sidebar.css).
    (anchor) => anchor.parentElement?.closest<HTMLElement>('li.task') ?? null,
  );
  readonly request = new RequestView();
  readonly header = new RunHeader();
  readonly plan = new PlanView(this.offscreen);
  readonly review = new ReviewBar();
  readonly testGate = new TestGateView();
  readonly sections: Record<'plan' | 'tests', ReturnType<typeof section>>;
  readonly notices: Record<NoticeArea, NoticeBox>;
  private readonly testsBody = el('div', 'tests');
  private readonly announcer = el('div', 'sr-only');
  private readonly intro = el('p', 'intro', 'A planner splits your request into database, backend, frontend and QA tasks; their agents propose changes you review here, hunk by hunk, before anything is written.');
  private pending: unknown[] = [];
  private scheduled = false;
  /** The estimate the cards last showed (see render). */
  private estimateKey = 'null';
  private restoredScroll = false;
  private readonly now: () => number;

  constructor(private readonly opts: AppOptions) {
    this.now = opts.now ?? Date.now;
    this.ui = restoreUiState(opts.api.getState());
    this.sections = { plan: section('plan', 'Plan'), tests: section('tests', 'Tests') };
    this.sections.plan.body.append(this.plan.root);
    this.sections.tests.body.append(this.testsBody);
    // The gate sits outside the section's body: closing the section must not hide a question.
    this.sections.tests.head.after(this.testGate.root);
    this.notices = { request: this.request.notice, run: this.header.notice, plan: this.plan.notice, review: this.review.notice };
    this.announcer.setAttribute('aria-live', 'polite');
    const root = opts.root;
    root.replaceChildren(this.request.root, this.intro, this.header.root, this.sections.plan.root, this.sections.tests.root, this.review.root, this.announcer);
    for (const [id, s] of Object.entries(this.sections)) setOpen(s.heading, s.body, !this.ui.collapsedSections.has(id));
    this.request.textarea.value = this.ui.draft;
    // Until the first snapshot the view shows only the request box (the restored state waits for it).
    this.renderRun(this.now());
    this.renderTestsSection();

    root.addEventListener('click', (e) => {
      const target = (e.target as Element).closest<HTMLElement>('[data-act]');
      if (!target || target.tagName === 'FORM' || (target as HTMLButtonElement).disabled) return;
      handleAction(this, target);
    });
    // The keyboard reached a part not built yet: build it and go on into it, the way Tab was going.
    root.addEventListener('focusin', (e) => {
      const target = e.target;
      if (!(target instanceof HTMLElement) || !target.classList.contains(PENDING_CLASS)) return;
      this.offscreen.buildNow(target);
      const from = e.relatedTarget;
      const backwards = from instanceof Node && (target.compareDocumentPosition(from) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
      // Only what shows can take the focus (the gate's buttons hide once the plan runs, say).
      const focusable = [...target.querySelectorAll<HTMLElement>('button:not([disabled]), [href], input, select, textarea, [tabindex="0"]')].filter((e) => e.getClientRects().length > 0);
      (backwards ? focusable.at(-1) : focusable[0])?.focus();
    });
    root.addEventListener('submit', (e) => {
      e.preventDefault();
      if (e.target instanceof HTMLFormElement) handleAction(this, e.target);
    });
    this.request.textarea.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        sendRequest(this);
      }
    });
    this.request.textarea.addEventListener('input', () => {
      this.ui.draft = this.request.textarea.value;
      this.persist();
    });
  }

  /** Tells the extension the view is ready for a snapshot. */
  start(): void {
    this.post({ type: 'ready' });
  }

  post(message: FromWebview): void {
    this.opts.api.postMessage(message);
  }

  persist(): void {
    this.opts.api.setState(persistUiState(this.ui));
  }

  /** The user put the header's Resume offer of `runId` away; it stays away for that run. */
  dismissResume(runId: string): void {
    this.ui.dismissedResume = runId;
    this.persist();
    this.renderRun(this.now());
  }

  /** The scroll position changed (the caller throttles). */
  scrolled(top: number): void {
    this.ui.scrollTop = top;
    this.persist();
  }

  receive(raw: unknown): void {
    this.pending.push(raw);
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      const batch = this.pending;
      this.pending = [];
      this.handle(batch);
    };
    if (this.opts.schedule) this.opts.schedule(run);
    else run();
  }

  /** Parses and applies a batch of messages, then renders once; returns what changed. */
  handle(raws: readonly unknown[]): Changes {
    const batch = applyBatch(this.store, raws);
    for (const text of batch.dropped) {
      console.warn(`squad sidebar: ${text}`);
      this.post({ type: 'log', level: 'warn', text });
    }
    for (const n of batch.notices) {
      // A refused Save names its problem in the form that still holds the user's input.
      if (n.area === 'plan' && n.level === 'error' && showRefusedSave(this.plan, n.text, n.details)) continue;
      this.notices[n.area].show(n.level, n.text, n.details, n.undo);
      if (n.area === 'review') this.review.selection.noticeShown(this.store.tests.selection);
    }
    if (batch.resync) this.post({ type: 'ready' });
    this.render(batch.changes);
    return batch.changes;
  }

  cardContext(): CardContext {
    const run = this.store.run;
    return {
      maxFixRounds: this.store.tests.maxFixRounds,
      gate: run?.awaitingApproval ?? false,
      roles: run?.roles ?? [],
      roleSources: run?.roleSources ?? {},
      now: this.now(),
      tasks: this.store.tasks,
      order: this.store.order,
      expandedFiles: this.ui.expandedFiles,
      ...(run?.estimate ? { estimates: run.estimate.tasks } : {}),
    };
  }

  /** Opens or closes a task; its body is built once it is open and near the viewport. */
  setTaskOpen(id: string, open: boolean): void {
    const card = this.plan.card(id);
    if (!card) return;
    card.setExpanded(open, (): BodySource => ({ ctx: this.cardContext(), activity: this.store.activity.get(id) ?? [], files: this.store.filesOf(id) }));
  }

  /** Builds now what waits in or near view (after a render, or the user opened something). */
  showNearby(): void {
    this.offscreen.flush();
  }

  /** Advances the clock of working tasks and of the run. */
  tick(): void {
    const now = this.now();
    this.header.tick(now);
    for (const card of this.plan.cards.values()) if (card.working) card.tick(now);
  }

  private render(c: Changes): void {
    if (c.all) return this.renderAll();
    const ctx = this.cardContext();
    const gateChanged = c.run && this.sections.plan.root.dataset.gate !== String(ctx.gate);
    const said: string[] = [];
    for (const id of c.removed) this.plan.remove(id);
    for (const id of c.tasks) {
      const task = this.store.tasks.get(id);
      if (!task) continue;
      const before = this.plan.card(id)?.view;
      const { created } = this.plan.upsert(task, ctx);
      closeSavedForm(this.plan, id, ctx);
      if (before && displayStatus(before) !== displayStatus(task)) said.push(`${id} ${task.role}: ${displayStatus(task).replace('-', ' ')}`);
      if (created && this.ui.expandedTasks.has(id)) this.setTaskOpen(id, true);
    }
    if (c.order || c.tasks.size > 0 || c.removed.size > 0) this.plan.layout(this.store.order, this.store.tasks);
    // The estimate arrives (or goes, with an edit) in its own run update: the cards show it.
    const estimateKey = JSON.stringify(this.store.run?.estimate?.tasks ?? null);
    const estimateChanged = c.run && estimateKey !== this.estimateKey;
    this.estimateKey = estimateKey;
    if (gateChanged || estimateChanged) for (const card of this.plan.cards.values()) card.update(card.view, ctx);
    for (const [id, from] of c.activity) this.plan.card(id)?.appendActivity(this.store.activity.get(id) ?? [], from);
    for (const id of c.files) this.plan.card(id)?.setFiles(this.store.filesOf(id), this.ui.expandedFiles);
    for (const [id, paths] of c.decisions) this.plan.card(id)?.redecide(this.store.filesOf(id), paths);
    if (c.run || c.tests || c.tasks.size > 0 || c.removed.size > 0) this.renderRun(ctx.now);
    if (c.tests) this.renderTestsSection();
    if (c.recent) this.request.setRecent(this.store.recent);
    if (c.applies) this.request.applies.set(this.store.applies);
    if (said.length > 0) setText(this.announcer, said.slice(-3).join('. '));
    this.showNearby();
  }

  private renderAll(): void {
    const run = this.store.run;
    if (adoptRun(this.ui, run?.runId ?? null)) {
      this.plan.clear();
      this.plan.closeAddForm();
      // The request box kept the text until its run started (a refused request stays to send again).
      if (run && this.request.textarea.value.trim() === run.request) {
        this.request.textarea.value = '';
        this.ui.draft = '';
      }
    }
    const ctx = this.cardContext();
    for (const id of [...this.plan.cards.keys()]) if (!this.store.tasks.has(id)) this.plan.remove(id);
    for (const id of this.store.order) {
      const task = this.store.tasks.get(id);
      if (!task) continue;
      const { card, created } = this.plan.upsert(task, ctx);
      if (created) {
        if (this.ui.expandedTasks.has(id)) this.setTaskOpen(id, true);
      } else {
        // A snapshot of the same run (the view reconnected): refresh what an open card shows.
        card.appendActivity(this.store.activity.get(id) ?? [], 0);
        card.setFiles(this.store.filesOf(id), this.ui.expandedFiles);
      }
    }
    this.plan.layout(this.store.order, this.store.tasks);
    this.renderRun(ctx.now);
    this.renderTestsSection();
    this.request.setRecent(this.store.recent);
    this.request.applies.set(this.store.applies);
    this.persist();
    this.restoreScroll();
    this.showNearby();
  }

  private renderRun(now: number): void {
    const run = this.store.run;
    // Put away until resumed: once it works again, a later interruption offers Resume again.
    if (run?.display.live && this.ui.dismissedResume === run.runId) {
      this.ui.dismissedResume = null;
      this.persist();
    }
    // Counts come with the run's display (the extension derives them for the status bar too).
    this.header.update(run, now, this.ui.dismissedResume);
    this.plan.updateHeader(run);
    this.review.update(run, this.store.tests);
    this.request.setBusy(run?.busy ?? false);
    setHidden(this.intro, run !== null);
    const plan = this.sections.plan;
    // A run that failed before the planner answered has no plan to show: no empty "Plan" heading.
    const nothingPlanned = run !== null && !run.planSummary && run.status !== 'planning' && run.problems.length === 0 && this.store.tasks.size === 0;
    setHidden(plan.root, run === null || nothingPlanned);
    setAttr(plan.root, 'data-gate', String(run?.awaitingApproval ?? false));
    const counts = run?.display.counts;
    setText(plan.extra, counts && counts.total > 0 ? `${counts.done}/${counts.total}` : '');
    this.renderTestGate();
  }

  private renderTestsSection(): void {
    const tests = this.store.tests;
    const shown = tests.rounds.length > 0 || tests.command !== undefined || tests.gate !== undefined || tests.skipped !== undefined || tests.baseline !== undefined || tests.settled !== undefined;
    setHidden(this.sections.tests.root, !shown);
    this.testsBody.replaceChildren(...renderTests(tests, this.store.tasks));
    const headline = testsHeadline(tests);
    setText(this.sections.tests.extra, headline.short);
    setAttr(this.sections.tests.extra, 'data-tone', headline.tone);
    this.renderTestGate();
  }

  /** The gate follows the question and whether the run still waits on it. */
  private renderTestGate(): void {
    const gate = this.store.tests.gate;
    const wasShown = !this.testGate.root.hidden;
    this.testGate.update(gate, this.store.run?.busy ?? false);
    if (gate && !wasShown) setText(this.announcer, `Squad asks before running the tests: ${gate.command}. The question is above the test rounds.`);
  }

  private restoreScroll(): void {
    if (this.restoredScroll || !this.store.run) return;
    this.restoredScroll = true;
    const scroller = this.opts.scroller?.();
    if (scroller && this.ui.scrollTop > 0) scroller.scrollTop = this.ui.scrollTop;
  }
}
