/**
 * Squad: Resume Run — a quick pick of this workspace's runs (from the journal, newest first);
 * an interrupted, cancelled or failed run continues, a finished one opens. Takes a run id argument.
 */
import * as vscode from 'vscode';
import type { SquadServices } from '../host';
import type { RunPhase } from '../host/runList';

const ICONS: Record<RunPhase, string> = {
  'awaiting-approval': '$(checklist)',
  interrupted: '$(debug-pause)',
  cancelled: '$(circle-slash)',
  failed: '$(error)',
  incomplete: '$(warning)',
  finished: '$(check)',
};

export function resumeRun(services: SquadServices) {
  return async (arg?: unknown): Promise<void> => {
    if (typeof arg === 'string' && arg !== '') return services.host.resume(arg);
    if (services.host.busy) {
      void vscode.window.showInformationMessage('Squad: a run is working now. Cancel it first to resume another one.');
      return;
    }
    const runs = await services.host.listRuns();
    if (runs.length === 0) {
      const choice = await vscode.window.showInformationMessage('Squad: there is no run in this workspace yet.', 'Request Feature');
      if (choice) await vscode.commands.executeCommand('squad.requestFeature');
      return;
    }
    const pick = await vscode.window.showQuickPick(
      runs.map((r) => ({
        label: `${ICONS[r.phase]} ${r.request.length > 80 ? `${r.request.slice(0, 79)}…` : r.request}`,
        description: r.description,
        detail: `${r.startedAt !== undefined ? new Date(r.startedAt).toLocaleString() : ''} · ${r.runId}`,
        runId: r.runId,
      })),
      { title: 'Squad: Resume Run', placeHolder: 'Interrupted, cancelled, failed and incomplete runs continue where they stopped (failed tasks get a new attempt); finished runs open for review', matchOnDescription: true },
    );
    if (pick) await services.host.resume(pick.runId);
  };
}
