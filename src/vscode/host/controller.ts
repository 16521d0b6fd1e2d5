/**
 * The active run of this workspace, and everything one can do to it: start, approve, edit the
 * plan, cancel, resume, decide, record applies. No `vscode` here (see ports.ts): the editor's
 * RunHost wraps this class, and unit tests drive it directly.
 *
 * Methods report user-level problems (no run, a run already working, an edit that makes a cycle)
 * through `ports.notify` and resolve; they reject only on bugs. Run failures are journaled as
 * `run.failed` and notified with the action that fixes them.
 */
import * as path from 'node:path';
import { Emitter, type Disposable } from '../../core/common/emitter';
import { isSquadError } from '../../core/common/errors';
import type { ChatModel } from '../../core/llm/chatModel';
import { applyPlanEdit, describePlanEdit, type PlanEdit } from '../../core/plan/edit';
import { fileModels } from '../../core/agents/roles/roster';
import { DEFAULT_PLAN_LIMITS } from '../../core/plan/validate';
import type { Storage } from '../../core/ports';
import type { RunEvent, RunEventPayload, RunEventPayloadOf } from '../../core/run/events';
import type { RunState } from '../../core/run/reduce';
import { applyAccepted, type ApplyOutcome } from '../../core/review/applyRun';
import { driveRun, reviseTask, revisionProblem, testAcceptedSelection, type DriverConfig, type SelectionTestOutcome } from '../../core/run/driver';
import { narrate } from '../../core/run/narrate';
import type { TestApprovalAnswer } from '../../core/testing/authority';
import { createWorkerRegexMatcher } from '../../node/regexWorker';
import type { ReviewDecision, ReviewScope } from '../../core/run/reviewEvents';
import { RunSession } from '../../core/run/session';
import { APPROVE_PLAN, CANCEL_RUN, errorNotice, type NoticeAction, REQUEST_FEATURE, RESUME_RUN, REVIEW_CHANGES, SHOW_PLAN } from './errorActions';
import { driverConfig, driverPorts, selectionTestConfig } from './driverSetup';
import type { HostPorts } from './ports';
import { runPhase, type RunPhase, type RunSummary, waitsAtGate } from './runList';
import { RunStore } from './runStore';
import { eventNotice, logEvent } from './eventNotices';
import { GateEstimate } from './gateEstimate';
import { KeptRequest } from './keptRequest';
import { KEEP_CHOICE, REPLACE_CHOICE, replaceQuestion } from './requestGuard';
import { TestQuestion } from './testQuestion';
import { skippedAgentFilesLine, trustedRoster } from './trustedRoster';

export interface RunEventNotice {
  readonly event: RunEvent;
  readonly state: RunState;
}

/** Work other than driving the run on (a revision) with the configured driver. */
type WorkStep = (config: DriverConfig, signal: AbortSignal) => Promise<unknown>;

export class RunController implements Disposable {
  private session: RunSession | undefined;
  private sessionListener: Disposable | undefined;
  private abort: AbortController | undefined;
  private working = false;
  /** The window is closing: what stops now was interrupted, not cancelled by the user. */
  private disposed = false;
  /** Set while a start, approval or resume prepares (models, journal): a second one must wait its turn. */
  private reserved = false;
  private restoring: Promise<void> | undefined;
  private readonly kept: KeptRequest;
  private readonly testQuestion: TestQuestion;
  private readonly gateEstimate = new GateEstimate();
  private readonly runs: RunStore;
  private readonly eventFired = new Emitter<RunEventNotice>();
  private readonly runChanged = new Emitter<RunState | undefined>();
  private readonly busyChanged = new Emitter<boolean>();
  readonly onDidEvent = this.eventFired.event;
  readonly onDidChangeRun = this.runChanged.event;
  readonly onDidChangeBusy = this.busyChanged.event;

  constructor(private readonly ports: HostPorts) {
    this.runs = new RunStore(ports.storageDir);
    this.kept = new KeptRequest(ports.notify, ports.log);
    this.testQuestion = new TestQuestion(ports.askTests);
  }

  get state(): RunState | undefined {
    return this.session?.state;
  }

  get busy(): boolean {
    return this.working;
  }

  get events(): readonly RunEvent[] {
    return this.session?.events ?? [];
  }

  /** Where the active run stands while nothing works on it; undefined while busy or without a run. */
  get phase(): RunPhase | undefined {
    return this.session && !this.working ? runPhase(this.session.state) : undefined;
  }

  /** Loads the workspace's last run from its journal, once; it does not continue it. */
  restore(): Promise<void> {
    this.restoring ??= this.loadLast().catch((err: unknown) => {
      // A corrupt or unreadable journal must not keep the host from working: start without it.
      this.ports.log.warn(`could not restore the last run: ${err instanceof Error ? err.message : String(err)}`);
    });
    return this.restoring;
  }

  /** The text of the last request Squad could not start yet (the Request Feature box is filled with it). */
  get pendingRequest(): string | undefined {
    return this.kept.text;
  }

  /**
   * Starts a run for `request`. A run that works keeps it for later (offered when the run stops); a
   * plan waiting at the gate or accepted changes not applied are replaced only when the user says so.
   */
  async requestFeature(request: string): Promise<void> {
    await this.restore();
    const text = request.trim();
    if (text === '') return this.say('info', 'Describe the feature you want the squad to build.', [REQUEST_FEATURE]);
    if (this.working || this.reserved) return this.kept.keepWhileBusy(text);
    const question = replaceQuestion(this.session?.state, text);
    if (question) {
      this.kept.holdWhileAsking(text);
      const choice = await this.ports.confirm(`Squad: ${question}`, [REPLACE_CHOICE, KEEP_CHOICE]);
      if (choice !== REPLACE_CHOICE) return this.ports.log.info('a new request was not started: the current run is kept (the request stays in the request box)');
      // The question took a while: a run may have started meanwhile.
      if (this.working || this.reserved) return this.kept.keepWhileBusy(text);
    }
    await this.exclusive(() => this.start(text));
  }

  /** A key was saved: a request refused for the missing key is offered again. Returns whether it was. */
  keySaved(): boolean {
    return this.kept.offerIf('missing-key', 'The API key is set.');
  }

  async approvePlan(): Promise<void> {
    await this.restore();
    await this.exclusive(async () => {
      const ready = this.readyAtGate('approve');
      if (!ready) return;
      const { session, root, storage } = ready;
      const modelFor = await this.modelsOf(session.state);
      if (!modelFor) return;
      await session.emit({ type: 'plan.approved', by: 'user' });
      await this.work(session, root, storage, modelFor);
    });
  }

  private async start(text: string): Promise<void> {
    const root = this.ports.root();
    const storage = this.storage();
    if (!root || !storage) return this.say('warning', 'Open a folder first: Squad works on the files of a workspace folder.');
    const settings = this.ports.settings();
    const { roster, warnings } = await trustedRoster(root, this.ports.isTrusted());
    for (const w of warnings) this.ports.log.warn(w);
    const skipped = skippedAgentFilesLine(warnings);
    if (skipped) this.say('warning', skipped);
    const roles = roster.map((r) => r.name);
    const modelFor = await this.ports.models(settings, roles, fileModels(roster)).catch((err: unknown) => this.refuseStart(text, err));
    if (!modelFor) return;
    this.kept.started();
    const session = await RunSession.start({ storage, request: text, workspaceName: path.basename(root), roles, roster, ...(this.ports.clock ? { clock: this.ports.clock } : {}) });
    this.activate(session);
    this.announce(session);
    await this.work(session, root, storage, modelFor);
  }

  async editPlan(edit: PlanEdit): Promise<void> {
    await this.restore();
    const ready = this.readyAtGate('edit');
    const plan = ready?.session.state.plan;
    if (!ready || !plan) return;
    let next;
    try {
      next = applyPlanEdit(plan, edit, { roles: ready.session.state.roles, maxTasks: DEFAULT_PLAN_LIMITS.maxTasks });
    } catch (err) {
      if (!isSquadError(err, 'plan/invalid')) throw err;
      const more = err.details.filter((d) => !err.message.includes(d));
      return this.say('warning', `That plan edit was refused. ${[err.message, ...more].join(' ')}`);
    }
    await ready.session.emit({ type: 'plan.edited', plan: next, edit: describePlanEdit(edit) });
    await this.estimateAgain(ready.session);
  }

  /** The gate's estimate follows an edit (the edit clears the old one); without models (no key) it stays empty. */
  private async estimateAgain(session: RunSession): Promise<void> {
    const storage = this.storage();
    const modelFor = storage && (await this.modelsOf(session.state, 'quiet'));
    if (!storage || !modelFor) return;
    await this.gateEstimate.refresh(session, storage, modelFor, this.ports.settings().prices);
  }

  /** Stops the work under way; a plan waiting at the gate is cancelled (Resume Run reopens it). */
  cancel(): void {
    if (this.abort) {
      this.ports.log.info('cancelling the run…');
      this.abort.abort();
      return;
    }
    const session = this.session;
    if (session && !this.working && waitsAtGate(session.state)) {
      void this.emit(session, { type: 'run.finished', outcome: 'cancelled' });
      return;
    }
    this.say('info', 'No Squad run is working now.');
  }

  /** Continues the run with that id (default: the workspace's last); a finished run is only opened. */
  async resume(runId?: string): Promise<void> {
    await this.restore();
    await this.exclusive(() => this.continueRun(runId));
  }

  private async continueRun(runId: string | undefined): Promise<void> {
    const root = this.ports.root();
    const storage = this.storage();
    if (!root || !storage) return this.say('warning', 'Open a folder first: Squad runs belong to a workspace folder.');
    const id = runId ?? (await this.runs.lastRunId());
    if (!id) return this.say('info', 'There is no Squad run in this workspace yet.', [REQUEST_FEATURE]);
    let session = this.session?.runId === id ? this.session : undefined;
    if (!session) {
      try {
        session = await RunSession.resume(storage, id, this.ports.clock ? { clock: this.ports.clock } : {});
      } catch (err) {
        return void this.reportError(err, `run ${id} could not be opened`);
      }
      for (const warning of session.warnings) this.ports.log.warn(warning);
      this.activate(session);
    }
    const phase = runPhase(session.state);
    if (phase === 'finished') return this.say('info', `That run has ${session.state.status}; its proposals are ready for review.`, [REVIEW_CHANGES, SHOW_PLAN]);
    if (phase === 'awaiting-approval' && this.ports.settings().autonomy === 'review-plan-and-changes') {
      return this.say('info', 'The plan of that run waits for your approval.', [APPROVE_PLAN, SHOW_PLAN]);
    }
    const modelFor = await this.modelsOf(session.state);
    if (!modelFor) return;
    this.ports.log.info(`resuming run ${id} (${phase})`);
    await this.work(session, root, storage, modelFor);
  }

  /**
   * Request changes: the comment goes to the task's agent, which revises in a round of its own
   * (core: reviseTask). Resolves true once the revision ran; false when it could not start (said
   * why), so the caller keeps the user's words.
   */
  async requestChanges(scope: ReviewScope, comment: string): Promise<boolean> {
    await this.restore();
    const session = this.session;
    const root = this.ports.root();
    const storage = this.storage();
    if (!session || !root || !storage) return this.refuse('info', 'There is no Squad run yet.', [REQUEST_FEATURE]);
    const problem = revisionProblem(session.state, { scope, comment });
    if (problem) return this.refuse('warning', problem);
    if (this.working || this.reserved) return this.refuse('info', 'A Squad run is already working. Request the changes once it stops.', [CANCEL_RUN]);
    let ran = false;
    await this.exclusive(async () => {
      const modelFor = await this.modelsOf(session.state);
      if (!modelFor) return;
      ran = true;
      // A revision stopped by a cancel or an error ends the run like any other work: Resume Run finishes it, replaying what it paid for.
      await this.work(session, root, storage, modelFor, (config, signal) => reviseTask(session, config, { scope, comment }, signal, this.ports.askBudget));
    });
    return ran;
  }

  async decide(scope: ReviewScope, decision: ReviewDecision): Promise<void> {
    await this.emitToActive({ type: 'review.decided', scope, decision });
  }

  async recordApplied(payload: Omit<RunEventPayloadOf<'changes.applied'>, 'type'>): Promise<void> {
    await this.emitToActive({ ...payload, type: 'changes.applied' });
  }

  async recordRolledBack(checkpointId: string, files: readonly string[]): Promise<void> {
    await this.emitToActive({ type: 'changes.rolledBack', checkpointId, files: [...files] });
  }

  /** This workspace's runs, newest first; a journal that cannot be read is left out (and logged). */
  listRuns(): Promise<RunSummary[]> {
    return this.runs.summaries(
      (id) => (id === this.session?.runId ? this.session.events : undefined),
      (id, err) => this.ports.log.warn(`run ${id} is not listed: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  dispose(): void {
    this.disposed = true;
    // Before the abort: the tasks it stops must not be journaled as cancelled by the user.
    this.session?.close();
    this.abort?.abort();
    this.sessionListener?.dispose();
    this.session?.dispose();
    this.eventFired.dispose();
    this.runChanged.dispose();
    this.busyChanged.dispose();
  }

  private async loadLast(): Promise<void> {
    const storage = this.storage();
    if (!storage || this.session) return;
    const last = await this.runs.lastRunId();
    if (!last) return;
    const session = await RunSession.resume(storage, last, this.ports.clock ? { clock: this.ports.clock } : {});
    // A run started while the journal was being read wins.
    if (this.session) return session.dispose();
    for (const warning of session.warnings) this.ports.log.warn(warning);
    this.activate(session);
    const phase = runPhase(session.state);
    this.ports.log.info(`restored run ${last} (${phase})`);
    if (phase === 'interrupted') this.say('info', 'The last Squad run stopped when the window closed. Resume it to continue where it left off; nothing is paid for twice.', [RESUME_RUN]);
  }

  private readyAtGate(what: 'approve' | 'edit'): { session: RunSession; root: string; storage: Storage } | undefined {
    const session = this.session;
    const root = this.ports.root();
    const storage = this.storage();
    if (!session || !root || !storage) return void this.say('info', 'There is no Squad run yet.', [REQUEST_FEATURE]);
    if (this.working) {
      return void this.say('info', session.state.plan ? 'The plan is already running.' : 'The planner is still working on the plan.');
    }
    if (this.reserved && what === 'edit') {
      return void this.say('info', 'The plan is being approved.');
    }
    if (this.phase !== 'awaiting-approval') {
      const why = !session.state.plan ? 'the run has no plan' : 'the plan was approved already';
      return void this.say('info', `There is no plan to ${what}: ${why}.`, [SHOW_PLAN]);
    }
    return { session, root, storage };
  }

  /** One start, approval or resume at a time; the others are told why they wait. */
  private async exclusive(step: () => Promise<void>): Promise<void> {
    if (this.working || this.reserved) return this.say('info', 'A Squad run is already working. Cancel it first, or wait until it stops.', [CANCEL_RUN]);
    this.reserved = true;
    try {
      await step();
    } finally {
      this.reserved = false;
      // A request kept while this worked is offered now that nothing does.
      if (!this.working) this.kept.offerIf('busy', 'The Squad run has stopped.');
    }
  }

  /** A start the configuration refused: with no key, the request waits for Set API Key. */
  private refuseStart(text: string, err: unknown): undefined {
    if (!isSquadError(err, 'config/missing_key')) return this.reportError(err);
    this.kept.keepForKey(text, err);
    return undefined;
  }

  /** `step`: what to do with the configured driver (default: drive the run on). */
  private async work(session: RunSession, root: string, storage: Storage, modelFor: (role: string) => ChatModel, step?: WorkStep): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    this.setBusy(true);
    // The agents' regex searches run on a worker, never on the shared extension host thread.
    const regex = createWorkerRegexMatcher();
    try {
      // One writer per run: another window on the same workspace must not work on it at once.
      await session.acquireWriter();
      const ripgrep = await this.ports.ripgrep?.();
      const config = driverConfig({ root, storage, roles: session.state.roles, ports: this.ports, modelFor, regex, testApproval: this.testQuestion.port, signal: abort.signal, ...(ripgrep ? { ripgrep } : {}) });
      // Stopping at the plan gate is told by planGateNotice.ts, which also takes the notice away once the plan moves on.
      if (step) await step(config, abort.signal);
      else await driveRun(session, config, driverPorts(this.ports, this.testQuestion.port), abort.signal);
    } catch (err) {
      await this.fail(session, err, abort.signal);
    } finally {
      this.testQuestion.clear();
      await regex.dispose();
      await session.releaseWriter().catch(() => undefined);
      if (this.abort === abort) this.abort = undefined;
      this.setBusy(false);
    }
  }

  /** The user's answer to the test command question (sidebar gate or notification). */
  answerTests(answer: TestApprovalAnswer): void {
    if (!this.testQuestion.answer(answer)) this.say('info', 'No test command waits for your answer.');
  }

  /** Applies the accepted changes with the editor's ports: the one apply of the core. */
  async apply(): Promise<ApplyOutcome> {
    await this.restore();
    const session = this.session;
    if (!session) return { kind: 'nothing', reason: 'No Squad run is open.' };
    const ports = this.ports.applyPorts();
    if (!ports) return { kind: 'nothing', reason: 'Open a folder to apply changes to.' };
    return applyAccepted(session, ports);
  }

  /**
   * The approved test command on exactly the accepted selection (the driver's entry point), as
   * the run's writer and never beside a run's work; Cancel stops it. It is not the run working:
   * the run's status and phase stay as they are, and the sidebar shows the result.
   */
  async testSelection(): Promise<SelectionTestOutcome> {
    await this.restore();
    const session = this.session;
    const root = this.ports.root();
    const storage = this.storage();
    if (!session || !root || !storage) return { kind: 'not-run', reason: 'No Squad run is open.' };
    if (this.working || this.reserved) return { kind: 'not-run', reason: 'Squad is working on a run now: test the selection when it stops.' };
    this.reserved = true;
    const abort = new AbortController();
    this.abort = abort;
    try {
      await session.acquireWriter();
      const ripgrep = await this.ports.ripgrep?.();
      const config = selectionTestConfig({ root, storage, ports: this.ports, signal: abort.signal, ...(ripgrep ? { ripgrep } : {}) });
      return await testAcceptedSelection(session, config, { testApproval: this.testQuestion.port }, abort.signal);
    } catch (err) {
      if (abort.signal.aborted || isSquadError(err, 'cancelled')) return { kind: 'not-run', reason: 'Testing the selection was cancelled.' };
      throw err;
    } finally {
      this.testQuestion.clear();
      await session.releaseWriter().catch(() => undefined);
      if (this.abort === abort) this.abort = undefined;
      this.reserved = false;
    }
  }

  private async fail(session: RunSession, err: unknown, signal: AbortSignal): Promise<void> {
    const ended = ['completed', 'incomplete', 'cancelled', 'failed', 'planned'].includes(session.state.status);
    if (signal.aborted || isSquadError(err, 'cancelled')) {
      // A closing window leaves the journal without an end: the run reads interrupted and Resume continues it.
      if (this.disposed) return;
      if (!ended || session.state.status === 'failed') await this.emit(session, { type: 'run.finished', outcome: 'cancelled' });
      return;
    }
    const code = isSquadError(err) ? err.code : 'internal';
    const message = err instanceof Error ? err.message : String(err);
    const details = isSquadError(err) ? [...err.details] : [];
    await this.emit(session, { type: 'run.failed', code, message, ...(details.length > 0 ? { details } : {}) });
    // The active session's listener has logged `run.failed` already; the log says it once.
    if (this.session === session) this.ports.notify(errorNotice(err));
    else this.reportError(err);
  }

  private activate(session: RunSession): void {
    if (this.session !== session) {
      this.sessionListener?.dispose();
      this.session?.dispose();
      this.session = session;
      this.sessionListener = session.onEvent((event) => {
        logEvent(this.ports.log, event, session.state);
        const notice = eventNotice(event);
        if (notice) this.ports.notify(notice);
        this.eventFired.fire({ event, state: session.state });
      });
    }
    this.runChanged.fire(session.state);
  }

  /** `run.started` was journaled before anyone could listen: tell the log and the listeners now. */
  private announce(session: RunSession): void {
    for (const event of session.events) {
      for (const line of narrate(event, session.state)) this.ports.log.info(line);
      this.eventFired.fire({ event, state: session.state });
    }
  }

  private async emitToActive(payload: RunEventPayload): Promise<void> {
    await this.restore();
    if (!this.session) return this.say('info', 'There is no Squad run yet.', [REQUEST_FEATURE]);
    await this.session.emit(payload);
  }

  /** Journals an event outside the work path; a failed write is logged, not thrown. */
  private async emit(session: RunSession, payload: RunEventPayload): Promise<void> {
    await session.emit(payload).catch((err: unknown) => this.ports.log.error(`could not record ${payload.type}: ${err instanceof Error ? err.message : String(err)}`));
  }

  private setBusy(busy: boolean): void {
    if (this.working === busy) return;
    this.working = busy;
    this.busyChanged.fire(busy);
  }

  private storage(): Storage | undefined {
    return this.runs.storage();
  }

  private reportError(err: unknown, context?: string): undefined {
    const notice = errorNotice(err, context);
    this.ports.log.error(notice.message);
    this.ports.notify(notice);
    return undefined;
  }

  /** The models of the run's roles; a configuration error (no key) is reported, unless `quiet`, and gives undefined. */
  private modelsOf(state: RunState, quiet?: 'quiet'): Promise<((role: string) => ChatModel) | undefined> {
    return this.ports.models(this.ports.settings(), state.roles, fileModels(state.roster)).catch((err: unknown) => (quiet ? undefined : this.reportError(err)));
  }

  private say(severity: 'info' | 'warning', message: string, actions: readonly NoticeAction[] = []): void {
    this.ports.notify({ severity, message: `Squad: ${message}`, actions });
  }

  /** Says why something could not start; false for the caller that reports whether it did. */
  private refuse(severity: 'info' | 'warning', message: string, actions: readonly NoticeAction[] = []): false {
    this.say(severity, message, actions);
    return false;
  }
}
