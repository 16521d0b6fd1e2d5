import * as vscode from 'vscode';

// Composition root. The review UI, settings and secrets land with the extension issue;
// until then the command points the user at the CLI, which drives the same core.
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('squad.requestFeature', async () => {
      await vscode.window.showInformationMessage(
        'Squad: the editor front end is not wired up yet. Run `squad plan "<request>"` in a terminal meanwhile.',
      );
    }),
  );
}

export function deactivate(): void {}
