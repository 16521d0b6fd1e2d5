/**
 * The RunHost of services.ts over the vscode-free RunController. The controller (and with it the
 * core, the SDKs and the journal) loads on first need — the view reading `state`, a command — never
 * during activation, and never because someone subscribed to an event; loading restores the
 * workspace's last run from its journal (read only: an interrupted run waits for Resume Run).
 */
import * as vscode from 'vscode';
import type { PlanEdit } from '../../core/plan/edit';
import type { RunState } from '../../core/run/reduce';
import type { ReviewDecision, ReviewScope } from '../../core/run/reviewEvents';
import type { ApplyOutcome } from '../../core/review/applyRun';
import type { SelectionTestOutcome } from '../../core/run/driver';
import type { TestApprovalAnswer } from '../../core/testing/authority';
import type { AppliedPayload, RunHost } from '../services';
import type { RunController, RunEventNotice } from './controller';
import type { HostPorts } from './ports';
import type { RunPhase, RunSummary } from './runList';

/** RunHost plus what the host's own commands, status bar and progress need. */
export interface SquadHost extends RunHost {
  /** Fires when `busy` changes (onDidChangeRun fires then too, with the same run). */
  readonly onDidChangeBusy: vscode.Event<boolean>;
  /** Where the active run stands while nothing works on it (e.g. 'awaiting-approval', 'interrupted'). */
  readonly phase: RunPhase | undefined;
  /** The active run's state, without loading the host (undefined until something needed it). */
  peek(): RunState | undefined;
  /** Loads the host and the last run (once); resolves with the active run's state. */
  restore(): Promise<RunState | undefined>;
  /** This workspace's runs from the journal, newest first. */
  listRuns(): Promise<readonly RunSummary[]>;
  /** The last request Squad could not start yet (no key, a run working, the current run kept). */
  readonly pendingRequest: string | undefined;
  /** A key was saved: a request refused for the missing key is offered again; returns whether it was. */
  keySaved(): Promise<boolean>;
}

export class VscodeRunHost implements SquadHost {
  private controller: RunController | undefined;
  private loading: Promise<RunController> | undefined;
  private disposed = false;
  private readonly eventFired = new vscode.EventEmitter<RunEventNotice>();
  private readonly runChanged = new vscode.EventEmitter<RunState | undefined>();
  private readonly busyChanged = new vscode.EventEmitter<boolean>();
  readonly onDidEvent = this.eventFired.event;
  readonly onDidChangeRun = this.runChanged.event;
  readonly onDidChangeBusy = this.busyChanged.event;

  constructor(private readonly ports: () => HostPorts) {}

  /** Reading the state means something shows the run: that starts the restore (onDidChangeRun tells when it is done). */
  get state(): RunState | undefined {
    if (!this.controller) void this.load();
    return this.controller?.state;
  }

  get busy(): boolean {
    return this.controller?.busy ?? false;
  }

  get phase(): RunPhase | undefined {
    return this.controller?.phase;
  }

  get pendingRequest(): string | undefined {
    return this.controller?.pendingRequest;
  }

  async keySaved(): Promise<boolean> {
    // Nothing can be pending before the controller loaded.
    return this.controller ? this.controller.keySaved() : false;
  }

  peek(): RunState | undefined {
    return this.controller?.state;
  }

  async restore(): Promise<RunState | undefined> {
    return (await this.load()).state;
  }

  async listRuns(): Promise<readonly RunSummary[]> {
    return (await this.load()).listRuns();
  }

  async requestFeature(request: string): Promise<void> {
    await (await this.load()).requestFeature(request);
  }

  async approvePlan(): Promise<void> {
    await (await this.load()).approvePlan();
  }

  async editPlan(edit: PlanEdit): Promise<void> {
    await (await this.load()).editPlan(edit);
  }

  cancel(): void {
    if (this.controller) this.controller.cancel();
    else void this.load().then((c) => c.cancel());
  }

  async resume(runId?: string): Promise<void> {
    await (await this.load()).resume(runId);
  }

  async decide(scope: ReviewScope, decision: ReviewDecision): Promise<void> {
    await (await this.load()).decide(scope, decision);
  }

  async requestChanges(scope: ReviewScope, comment: string): Promise<boolean> {
    return (await this.load()).requestChanges(scope, comment);
  }

  async testSelection(): Promise<SelectionTestOutcome> {
    return (await this.load()).testSelection();
  }

  async apply(): Promise<ApplyOutcome> {
    return (await this.load()).apply();
  }

  answerTests(answer: TestApprovalAnswer): void {
    if (this.controller) this.controller.answerTests(answer);
    else void this.load().then((c) => c.answerTests(answer));
  }

  async recordApplied(payload: AppliedPayload): Promise<void> {
    await (await this.load()).recordApplied(payload);
  }

  async recordRolledBack(checkpointId: string, files: readonly string[]): Promise<void> {
    await (await this.load()).recordRolledBack(checkpointId, files);
  }

  dispose(): void {
    this.disposed = true;
    this.controller?.dispose();
    this.eventFired.dispose();
    this.runChanged.dispose();
    this.busyChanged.dispose();
  }

  private load(): Promise<RunController> {
    this.loading ??= (async () => {
      // A dynamic import: esbuild keeps the core out of the activation path.
      const { RunController } = await import('./controller');
      const controller = new RunController(this.ports());
      if (this.disposed) {
        controller.dispose();
        return controller;
      }
      controller.onDidEvent((notice) => this.eventFired.fire(notice));
      controller.onDidChangeRun((state) => this.runChanged.fire(state));
      controller.onDidChangeBusy((busy) => {
        this.busyChanged.fire(busy);
        this.runChanged.fire(controller.state);
      });
      this.controller = controller;
      await controller.restore();
      return controller;
    })();
    return this.loading;
  }
}
