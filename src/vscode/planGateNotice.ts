/**
 * "Plan ready for review" while a plan waits at the gate, and gone as soon as it does
 * not: approved (from the sidebar, the palette or the link), edited into a run, cancelled. A plain
 * information message cannot be closed by the extension, so this is a notification held open by
 * a progress promise; its actions are command links in the text, since progress notifications
 * carry no buttons.
 */
import * as vscode from 'vscode';
import type { SquadHost } from './host/runHost';
import { waitsAtGate } from './host/runList';

/**
 * A progress notification shows no source line: the text names Squad itself, once. Short enough
 * that a toast shows both links whole; the status bar and the sidebar say the same words.
 */
export const PLAN_READY_TEXT = 'Squad: Plan ready for review';
const MESSAGE = `${PLAN_READY_TEXT} — [Approve Plan](command:squad.approvePlan) · [Show Plan](command:squad.showPlan)`;

export function announcePlanGate(host: SquadHost): vscode.Disposable {
  let close: (() => void) | undefined;
  const atGate = () => {
    const state = host.peek();
    return !host.busy && state !== undefined && waitsAtGate(state);
  };
  const closeIfMoved = () => {
    if (close && !atGate()) {
      close();
      close = undefined;
    }
  };
  // Said when planning stops at the gate, not when a window opens on a run that waits there.
  const onBusy = (working: boolean) => {
    if (working || close || !atGate()) return closeIfMoved();
    const closed = new Promise<void>((resolve) => (close = resolve));
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: MESSAGE, cancellable: false }, () => closed);
  };
  const subscriptions = [host.onDidChangeBusy(onBusy), host.onDidChangeRun(closeIfMoved), host.onDidEvent(closeIfMoved)];
  return new vscode.Disposable(() => {
    for (const s of subscriptions) s.dispose();
    close?.();
  });
}
