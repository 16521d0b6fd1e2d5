/** The status bar item: the run's tasks, tokens and cost (or "cost unknown"); click → the sidebar. */
import * as vscode from 'vscode';
import { statusView } from './host/statusText';
import type { SquadHost } from './host/runHost';
import type { Trust } from './trust';

export const FOCUS_SIDEBAR = 'squad.sidebar.focus';

export function createStatusBar(host: SquadHost, trust: Trust): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('squad.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Squad';
  item.command = FOCUS_SIDEBAR;
  const update = () => {
    // peek: the status bar must not be what loads the journal.
    const view = statusView(host.peek(), host.busy, trust.isTrusted());
    item.text = view.text;
    item.tooltip = view.tooltip;
    if (view.visible) item.show();
    else item.hide();
  };
  update();
  const subscriptions = [item, host.onDidEvent(update), host.onDidChangeRun(update), host.onDidChangeBusy(update), trust.onDidGrant(update)];
  return vscode.Disposable.from(...subscriptions);
}
