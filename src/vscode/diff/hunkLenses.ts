/**
 * CodeLenses on the proposed side of a proposal's diff: above each hunk Accept · Reject · Request
 * changes… and its current decision (with Undo); on line 0 the same for the whole file, with the
 * task that changed it and why. They are redrawn as soon as the run's review changes, wherever the
 * decision was made (this editor, the sidebar, the quick pick).
 */
import * as vscode from 'vscode';
import { reviewFiles } from '../../core/review/tree';
import type { RunEvent } from '../../core/run/events';
import type { RunHost } from '../services';
import { loadedState } from './hostState';
import { fileLensSpecs } from './lensSpecs';
import { PROPOSAL_SCHEME, parseProposalUri } from './proposalUri';

/** Events after which a lens may read differently. */
const REFRESHING: ReadonlySet<RunEvent['type']> = new Set<RunEvent['type']>([
  'review.decided',
  'proposal.updated',
  'changes.applied',
  'changes.rolledBack',
  'plan.proposed',
  'plan.edited',
  'task.finished',
  'fix.finished',
]);

/** Fires when what the review shows may have changed: a review-relevant event, or another run. */
export function onReviewChange(host: RunHost): vscode.Event<void> {
  return (listener, thisArg, disposables) => {
    const call = (): void => {
      listener.call(thisArg, undefined);
    };
    const subscription = vscode.Disposable.from(
      host.onDidEvent(({ event }) => {
        if (REFRESHING.has(event.type)) call();
      }),
      host.onDidChangeRun(call),
    );
    disposables?.push(subscription);
    return subscription;
  };
}

export class HunkLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly host: RunHost) {
    this.subscriptions = [onReviewChange(host)(() => this.changed.fire())];
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const ref = parseProposalUri(document.uri);
    // One set of lenses per diff: on the proposed side, where the change reads.
    if (!ref || ref.side !== 'proposed') return [];
    const state = await loadedState(this.host);
    if (state?.runId !== ref.runId) return [];
    const task = state.tasks[ref.taskId];
    const file = task && reviewFiles(state, task).find((f) => f.path === ref.path);
    if (!task || !file) return [];
    const lastLine = Math.max(0, document.lineCount - 1);
    return fileLensSpecs(file, task.task).map((spec) => {
      const line = Math.min(spec.line, lastLine);
      const command: vscode.Command = spec.command ? { title: spec.title, command: spec.command.id, arguments: [...spec.command.args] } : { title: spec.title, command: '' };
      return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), spec.tooltip === undefined ? command : { ...command, tooltip: spec.tooltip });
    });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

export function registerHunkLenses(host: RunHost): vscode.Disposable {
  const provider = new HunkLensProvider(host);
  return vscode.Disposable.from(provider, vscode.languages.registerCodeLensProvider({ scheme: PROPOSAL_SCHEME }, provider));
}
