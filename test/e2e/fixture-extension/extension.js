// The harness's own test subject (test/e2e/harness.e2e.ts): each command exercises one helper.
const vscode = require('vscode');

exports.activate = (context) => {
  context.subscriptions.push(
    vscode.commands.registerCommand('harnessFixture.ask', async () => {
      const pick = await vscode.window.showQuickPick(['Alpha', 'Alpha Beta', 'Gamma'], { placeHolder: 'Pick one' });
      if (!pick) return;
      const name = await vscode.window.showInputBox({
        prompt: 'Your name',
        validateInput: (v) => (v.trim() ? undefined : 'A name is required'),
      });
      if (!name) return;
      const button = await vscode.window.showInformationMessage(`Picked ${pick} for ${name}`, 'Again', 'Done');
      if (button) void vscode.window.showInformationMessage(`Clicked ${button}`);
    }),
    vscode.commands.registerCommand('harnessFixture.pickMany', async () => {
      const picks = await vscode.window.showQuickPick(['Red', 'Green', 'Blue'], { canPickMany: true });
      void vscode.window.showInformationMessage(`Picked many: ${(picks ?? []).join('+')}`);
    }),
    vscode.commands.registerCommand('harnessFixture.showTrust', () =>
      vscode.window.showInformationMessage(`Workspace trusted: ${vscode.workspace.isTrusted}`),
    ),
    vscode.commands.registerCommand('harnessFixture.saveSetting', async () => {
      await vscode.workspace.getConfiguration('harnessFixture').update('answer', 42, vscode.ConfigurationTarget.Global);
      void vscode.window.showInformationMessage('Setting saved');
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void vscode.window.showInformationMessage('Trust granted')),
    vscode.window.registerWebviewViewProvider('harnessFixture.view', {
      resolveWebviewView(view) {
        view.webview.options = { enableScripts: true };
        view.webview.html = `<!DOCTYPE html><html><body>
          <h1 id="greeting">Hello from the fixture webview</h1>
          <button id="ping">Ping</button>
          <script>
            const api = acquireVsCodeApi();
            document.getElementById('ping').addEventListener('click', () => api.postMessage('ping'));
          </script></body></html>`;
        view.webview.onDidReceiveMessage((m) => void vscode.window.showInformationMessage(`Webview says ${m}`));
      },
    }),
  );
};
