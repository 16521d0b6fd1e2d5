/**
 * Serves both sides of a proposal's diff from the active run's projection. Read-only by nature
 * (a content provider's documents cannot be edited); a revision of the task (a fix round, a
 * re-plan, another run) refreshes the open documents through onDidChange.
 */
import * as vscode from 'vscode';
import type { RunState } from '../../core/run/reduce';
import type { RunHost } from '../services';
import { loadedState } from './hostState';
import { PROPOSAL_SCHEME, parseProposalUri, type ProposalRef } from './proposalUri';

/** The text of one side; undefined when the run or the change is unknown. Absent files read as ''. */
export function proposalText(state: RunState | undefined, ref: ProposalRef): string | undefined {
  if (!state || state.runId !== ref.runId) return undefined;
  const change = state.tasks[ref.taskId]?.changes.find((c) => c.path === ref.path);
  if (!change) return undefined;
  return (ref.side === 'base' ? change.base : change.content) ?? '';
}

export class ProposalContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly host: RunHost) {
    this.subscriptions = [
      host.onDidEvent(({ event }) => {
        if (event.type === 'proposal.updated') this.refresh((ref) => ref.taskId === event.taskId);
        else if (event.type === 'plan.proposed' || event.type === 'plan.edited') this.refresh(() => true);
      }),
      host.onDidChangeRun(() => this.refresh(() => true)),
    ];
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parseProposalUri(uri);
    if (!ref) return '';
    // A document of another run (a window reload, a new run) stays readable but says why it is empty.
    return proposalText(await loadedState(this.host), ref) ?? `Squad: this proposal (run ${ref.runId}, task ${ref.taskId}) is not part of the open run.\n`;
  }

  private refresh(matches: (ref: ProposalRef) => boolean): void {
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme !== PROPOSAL_SCHEME) continue;
      const ref = parseProposalUri(doc.uri);
      if (ref && matches(ref)) this.changed.fire(doc.uri);
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
