/**
 * What the extension's parts share. `createServices` (services.impl in src/vscode/host) builds
 * it once at activation; commands, the review and the sidebar receive it and own nothing global.
 */
import type * as vscode from 'vscode';
import type { PlanEdit } from '../core/plan/edit';
import type { RunEvent, RunEventPayloadOf } from '../core/run/events';
import type { RunState } from '../core/run/reduce';
import type { ReviewDecision, ReviewScope } from '../core/run/reviewEvents';
import type { ApplyOutcome } from '../core/review/applyRun';
import type { SelectionTestOutcome } from '../core/run/driver';
import type { TestApprovalAnswer } from '../core/testing/authority';
import type { Settings } from './settings';

/** The active run as the extension sees it: a thin adapter over the core's RunSession. */
export interface RunHost extends vscode.Disposable {
  /** The active run's state (the projection of its journal), or undefined when there is none. */
  readonly state: RunState | undefined;
  /** Fires after each event of the active run has been journaled and reduced. */
  readonly onDidEvent: vscode.Event<{ readonly event: RunEvent; readonly state: RunState }>;
  /**
   * Fires when the active run changes (a new run, a resumed one, the last one restored after a
   * reload), and when `busy` changes. Reading `state` is what first loads the host and restores.
   */
  readonly onDidChangeRun: vscode.Event<RunState | undefined>;
  /** Whether a run is working now (planning, agents, tests). */
  readonly busy: boolean;
  requestFeature(request: string): Promise<void>;
  approvePlan(): Promise<void>;
  editPlan(edit: PlanEdit): Promise<void>;
  cancel(): void;
  /** Continues the run with that id (default: the last one of this workspace). */
  resume(runId?: string): Promise<void>;
  decide(scope: ReviewScope, decision: ReviewDecision): Promise<void>;
  /** Request changes: the comment goes to the task's agent, which revises; false when it could not start (the user was told why). */
  requestChanges(scope: ReviewScope, comment: string): Promise<boolean>;
  /** Runs the approved test command on exactly the accepted selection (in a scratch copy, sandboxed). */
  testSelection(): Promise<SelectionTestOutcome>;
  /** Applies the accepted changes: the core's one apply, with the editor's ports. */
  apply(): Promise<ApplyOutcome>;
  /** The user's answer to the test command the run waits on (the sidebar's gate, a notification). */
  answerTests(answer: TestApprovalAnswer): void;
  /** Records an apply / a roll-back in the run's log (the review part writes the files). */
  recordApplied(payload: AppliedPayload): Promise<void>;
  recordRolledBack(checkpointId: string, files: readonly string[]): Promise<void>;
}

/** The `changes.applied` payload; `type` may be left out. */
export type AppliedPayload = Omit<RunEventPayloadOf<'changes.applied'>, 'type'> & { readonly type?: 'changes.applied' };

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly host: RunHost;
  readonly settings: { read(): Settings };
}
