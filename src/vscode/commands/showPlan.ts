/**
 * Squad: Show Plan — focuses the Squad view and opens the plan as a rendered Markdown preview of a
 * read-only document (`squad-plan:` scheme) that follows the run as it changes. The model's text
 * in it is escaped (planMarkdown.ts), so it reads as written.
 */
import * as vscode from 'vscode';
import type { SquadServices } from '../host';
import { planMarkdown } from '../host/planMarkdown';
import { FOCUS_SIDEBAR } from '../statusBar';

export const PLAN_SCHEME = 'squad-plan';
export const PLAN_URI = vscode.Uri.from({ scheme: PLAN_SCHEME, path: '/Squad Plan.md' });

export function registerPlanDocument(services: SquadServices): vscode.Disposable {
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const provider: vscode.TextDocumentContentProvider = {
    onDidChange: changed.event,
    provideTextDocumentContent: () => planMarkdown(services.host.peek(), services.host.phase),
  };
  const refresh = () => changed.fire(PLAN_URI);
  return vscode.Disposable.from(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, provider),
    services.host.onDidEvent(({ event }) => {
      if (!['model.turn', 'tool.called', 'model.usage'].includes(event.type)) refresh();
    }),
    services.host.onDidChangeBusy(refresh),
  );
}

export function showPlan(services: SquadServices) {
  return async (): Promise<void> => {
    const state = await services.host.restore();
    if (!state) {
      const choice = await vscode.window.showInformationMessage('Squad: there is no run yet, so there is no plan to show.', 'Request Feature');
      if (choice) await vscode.commands.executeCommand('squad.requestFeature');
      return;
    }
    // The view may not be registered (e.g. in a test host without the sidebar): the document still opens.
    await Promise.resolve(vscode.commands.executeCommand(FOCUS_SIDEBAR)).catch(() => undefined);
    // The built-in Markdown extension renders it; where that is disabled, the source still opens.
    const previewed = await Promise.resolve(vscode.commands.executeCommand('markdown.showPreview', PLAN_URI)).then(() => true, () => false);
    if (previewed) return;
    const doc = await vscode.workspace.openTextDocument(PLAN_URI);
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Active });
  };
}
