/** Shows a Notice as a notification whose buttons run the commands that fix the problem. */
import * as vscode from 'vscode';
import type { Notice } from './errorActions';

export function noticeShower(redact: (text: string) => string): (notice: Notice) => void {
  return (notice) => {
    const actions = notice.actions ?? [];
    const titles = actions.map((a) => a.title);
    const message = redact(notice.message);
    const shown =
      notice.severity === 'error'
        ? vscode.window.showErrorMessage(message, ...titles)
        : notice.severity === 'warning'
          ? vscode.window.showWarningMessage(message, ...titles)
          : vscode.window.showInformationMessage(message, ...titles);
    void Promise.resolve(shown).then(async (choice) => {
      const action = actions.find((a) => a.title === choice);
      if (action) await vscode.commands.executeCommand(action.command, ...(action.args ?? []));
    });
  };
}
