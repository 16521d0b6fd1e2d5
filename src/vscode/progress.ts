/**
 * A cancellable progress notification while the run works, with a message from each event;
 * cancelling it cancels the run.
 */
import * as vscode from 'vscode';
import { progressMessage } from './host/eventLines';
import type { SquadHost } from './host/runHost';

export function trackProgress(host: SquadHost): vscode.Disposable {
  let finish: (() => void) | undefined;
  const start = () => {
    const done = new Promise<void>((resolve) => (finish = resolve));
    void vscode.window.withProgress<void>({ location: vscode.ProgressLocation.Notification, title: 'Squad', cancellable: true }, (progress, token) => {
      const subscriptions = [
        token.onCancellationRequested(() => host.cancel()),
        host.onDidEvent(({ event, state }) => {
          const message = progressMessage(event, state);
          if (message !== undefined) progress.report({ message });
        }),
      ];
      return done.finally(() => {
        for (const s of subscriptions) s.dispose();
      });
    });
  };
  const busy = host.onDidChangeBusy((working) => {
    if (working && !finish) start();
    else if (!working && finish) {
      finish();
      finish = undefined;
    }
  });
  return new vscode.Disposable(() => {
    busy.dispose();
    finish?.();
  });
}
