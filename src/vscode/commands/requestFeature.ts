/**
 * Squad: Request Feature — asks for the request (or takes it as an argument, from the sidebar or a
 * "Send Request" button) and starts a run. A request Squad had to keep (no key, a run working) fills
 * the box again: the user's words are never lost.
 */
import * as vscode from 'vscode';
import type { SquadServices } from '../host';

export function requestFeature(services: SquadServices) {
  return async (arg?: unknown): Promise<void> => {
    let request = typeof arg === 'string' ? arg : undefined;
    if (request === undefined || request.trim() === '') {
      request = await vscode.window.showInputBox({
        title: 'Squad: Request Feature',
        prompt: 'What should the squad build? The planner splits it into database, backend, frontend and QA tasks.',
        placeHolder: 'e.g. Add due dates to tasks and let users filter overdue tasks',
        value: request ?? services.host.pendingRequest ?? '',
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() === '' ? 'Describe the feature in a sentence or two.' : undefined),
      });
      if (request === undefined) return;
    }
    await services.host.requestFeature(request);
  };
}
