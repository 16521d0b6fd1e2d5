/**
 * An open proposal diff's tab title says where the file stands (proposed, accepted, rejected,
 * applied…) and follows the review. VS Code fixes a tab's label when it opens (opening the same
 * diff again with another title only activates the old tab), so a tab whose word changed is
 * closed and the same diff reopened in its group with the new title; the tab that was showing in
 * that group is shown again, so a retitle never changes what the user looks at.
 */
import * as vscode from 'vscode';
import type { RunState } from '../../core/run/reduce';
import type { RunHost } from '../services';
import { diffStatus } from './diffStatus';
import { diffTitle, parseProposalUri, PROPOSAL_SCHEME } from './proposalUri';

const REVIEW_EVENTS = new Set(['review.decided', 'changes.applied', 'changes.rolledBack', 'proposal.updated']);

export interface DiffTitles extends vscode.Disposable {
  /** Resolves when the tabs carry the titles of the latest review event (the commands wait for it). */
  settled(): Promise<void>;
}

export function followDiffTitles(host: RunHost, log: (line: string) => void): DiffTitles {
  // One pass at a time, in event order: the last pass leaves the last word.
  let pass: Promise<void> = Promise.resolve();
  const subscription = host.onDidEvent(({ event, state }) => {
    if (!REVIEW_EVENTS.has(event.type)) return;
    pass = pass.then(() => retitle(state)).catch((err: unknown) => log(`could not retitle a diff tab: ${err instanceof Error ? err.message : String(err)}`));
  });
  return {
    settled: () => pass,
    dispose: () => {
      subscription.dispose();
    },
  };
}

async function retitle(state: RunState): Promise<void> {
  for (const group of vscode.window.tabGroups.all) {
    const shown = group.activeTab;
    let moved = false;
    for (const tab of [...group.tabs]) {
      const title = titleFor(tab, state);
      if (title === undefined || tab.label === title || !(tab.input instanceof vscode.TabInputTextDiff)) continue;
      const { original, modified } = tab.input;
      const wasShown = tab === shown;
      await vscode.window.tabGroups.close(tab, true);
      await vscode.commands.executeCommand('vscode.diff', original, modified, title, {
        viewColumn: group.viewColumn,
        preview: tab.isPreview,
        preserveFocus: !(wasShown && group.isActive),
      } satisfies vscode.TextDocumentShowOptions);
      moved ||= !wasShown;
    }
    if (moved && shown) await showAgain(shown, group.viewColumn);
  }
}

/** The title a Squad diff tab should have; undefined for any other tab, or a run that is not open. */
function titleFor(tab: vscode.Tab, state: RunState): string | undefined {
  if (!(tab.input instanceof vscode.TabInputTextDiff) || tab.input.modified.scheme !== PROPOSAL_SCHEME) return undefined;
  const ref = parseProposalUri(tab.input.modified);
  const task = ref && ref.runId === state.runId ? state.tasks[ref.taskId] : undefined;
  return ref && task ? diffTitle(ref.path, ref.taskId, task.task.role, diffStatus(state, ref.taskId, ref.path)) : undefined;
}

/** Brings back the tab that was showing in a group before a retitle opened another one there. */
async function showAgain(tab: vscode.Tab, viewColumn: vscode.ViewColumn): Promise<void> {
  const options = { viewColumn, preserveFocus: true, preview: tab.isPreview };
  const input = tab.input;
  if (input instanceof vscode.TabInputTextDiff) {
    // It may have been reopened under a new title itself: open it by its inputs, with the label it has now.
    const current = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.group.viewColumn === viewColumn && t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === input.modified.toString());
    await vscode.commands.executeCommand('vscode.diff', input.original, input.modified, current?.label ?? tab.label, options);
  } else if (input instanceof vscode.TabInputText) {
    await vscode.window.showTextDocument(input.uri, options);
  }
}
