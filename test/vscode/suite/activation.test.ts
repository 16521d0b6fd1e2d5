/** Smoke: the extension is installed under its manifest id, activates on its command, and registers it. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'squad-dev.squad';

describe('activation', () => {
  it('is known to VS Code under its manifest id', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed in the extension host`);
    assert.equal((ext.packageJSON as { main?: string }).main, './dist/extension.js');
  });

  it('activates on its command and registers squad.requestFeature', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = ((ext.packageJSON as { contributes?: { commands?: Array<{ command: string }> } }).contributes?.commands ?? []).map((c) => c.command);
    assert.ok(contributed.includes('squad.requestFeature'), `contributed: ${contributed.join(', ')}`);
    // Not awaited: the command may wait on the user (a notification, a prompt). Activation is what we check.
    void vscode.commands.executeCommand('squad.requestFeature');
    for (let i = 0; i < 200 && !ext.isActive; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(ext.isActive, true, 'running squad.requestFeature did not activate the extension');
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('squad.requestFeature'), 'squad.requestFeature is not registered after activation');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('opened the test workspace folder', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    assert.match(folders[0]!.uri.path, /squad-vscode-ws-/);
  });
});
