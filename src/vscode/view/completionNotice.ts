/**
 * A run that finishes while the Squad view is not visible says so in a notification with Open
 * Squad; while the view shows, the view itself is the news and no notification interrupts.
 */
import * as vscode from 'vscode';
import { completionMessage } from '../host/completionText';
import type { RunHost } from '../services';
import { FOCUS_SIDEBAR } from '../statusBar';

export const OPEN_SQUAD = 'Open Squad';

export function notifyCompletionWhenHidden(host: RunHost, viewVisible: () => boolean): vscode.Disposable {
  return host.onDidEvent(({ event, state }) => {
    if (event.type !== 'run.finished' || viewVisible()) return;
    const message = completionMessage(state, event.outcome);
    if (!message) return;
    void Promise.resolve(vscode.window.showInformationMessage(message, OPEN_SQUAD)).then(async (choice) => {
      if (choice === OPEN_SQUAD) await vscode.commands.executeCommand(FOCUS_SIDEBAR);
    });
  });
}
