/**
 * The harness itself, against a tiny fixture extension (test/e2e/fixture-extension) whose
 * commands exercise each helper: palette, exact-label quick picks, multi-select, input box
 * validation, notification buttons, a webview view, settings, theme, and workspace trust.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { makeTempWorkspace } from '../support/tempWorkspace';
import { launchVSCode, type LaunchOptions, type VSCodeSession } from './harness';
import { groupMembers, processesMentioning } from './processes';

const FIXTURE = path.join(__dirname, 'fixture-extension');

/** Launches on a fresh workspace, runs `body`, and proves dispose() left no process behind. */
async function withVSCode(name: string, options: Omit<LaunchOptions, 'workspace'>, body: (vscode: VSCodeSession) => Promise<void>): Promise<void> {
  const ws = await makeTempWorkspace({ 'notes.md': '# notes\n' });
  const vscode = await launchVSCode({ ...options, workspace: ws.root, extensionPath: FIXTURE });
  try {
    await body(vscode);
  } catch (err) {
    await vscode.screenshot(`${name}-failure`).catch(() => undefined);
    console.error(vscode.logs());
    throw err;
  } finally {
    await vscode.dispose();
    await ws.dispose();
  }
  assert.deepEqual(groupMembers(vscode.serverPgid), [], 'code-server processes outlived dispose()');
  assert.deepEqual(processesMentioning(vscode.scratch), [], 'chromium or server processes outlived dispose()');
}

test('palette, quick picks, input box, notification buttons and a webview view (trusted, light)', async () => {
  await withVSCode('harness-trusted', { trust: 'trusted', theme: 'light' }, async (vscode) => {
    assert.equal(vscode.userSettings()['security.workspace.trust.enabled'], false);
    assert.equal(await vscode.isRestrictedMode(), false);
    await vscode.runCommand('Harness Fixture: Show Trust');
    await vscode.waitForNotification('Workspace trusted: true');

    await vscode.runCommand('Harness Fixture: Ask');
    assert.deepEqual(await vscode.quickPickItems(), ['Alpha', 'Alpha Beta', 'Gamma']);
    await vscode.quickPick('Alpha Beta');
    await vscode.inputBox('');
    assert.equal(await vscode.inputBoxMessage(), 'A name is required');
    await vscode.inputBox('Ada');
    await vscode.clickNotificationButton('Picked Alpha Beta for Ada', 'Done');
    await vscode.waitForNotification('Clicked Done');

    await vscode.runCommand('Harness Fixture: Pick Many');
    await vscode.quickPick('Red', 'Blue');
    await vscode.waitForNotification('Picked many: Red+Blue');

    await vscode.openViewContainer('Harness Fixture');
    const view = vscode.sidebarFrame();
    await view.locator('#greeting').waitFor({ state: 'visible' });
    assert.equal(await view.locator('#greeting').textContent(), 'Hello from the fixture webview');
    await view.locator('#ping').click();
    await vscode.waitForNotification('Webview says ping');
    assert.match(await vscode.page.locator('.monaco-workbench').getAttribute('class') ?? '', /\bvs\b/);
    await vscode.screenshot('harness-trusted-light', 800);

    // What VS Code writes to user settings lands in the settings.json the harness reads.
    await vscode.runCommand('Harness Fixture: Save Setting');
    await vscode.waitForNotification('Setting saved');
    assert.equal(vscode.userSettings()['harnessFixture.answer'], 42);

    // Settings changed while running apply after the harness reloads the window.
    await vscode.updateUserSettings({ 'workbench.colorTheme': 'Dark 2026' });
    await vscode.page.locator('.monaco-workbench.vs-dark').waitFor({ state: 'attached' });
    assert.equal(vscode.userSettings()['workbench.colorTheme'], 'Dark 2026');
  });
});

test('an untrusted workspace opens in Restricted Mode until trust is granted (dark)', async () => {
  await withVSCode('harness-untrusted', { trust: 'untrusted', theme: 'dark' }, async (vscode) => {
    assert.equal(vscode.userSettings()['security.workspace.trust.enabled'], true);
    assert.equal(vscode.userSettings()['workbench.colorTheme'], 'Dark 2026');
    await vscode.page.locator('.monaco-workbench.vs-dark').waitFor({ state: 'attached' });
    await vscode.waitForRestrictedMode(true);
    assert.equal(await vscode.isRestrictedMode(), true);
    await vscode.runCommand('Harness Fixture: Show Trust');
    await vscode.waitForNotification('Workspace trusted: false');
    await vscode.screenshot('harness-untrusted-dark', 800);

    await vscode.grantTrust();
    await vscode.waitForNotification('Trust granted');
    assert.equal(await vscode.isRestrictedMode(), false);
    await vscode.runCommand('Harness Fixture: Show Trust');
    await vscode.waitForNotification('Workspace trusted: true');
    await vscode.screenshot('harness-untrusted-then-trusted', 800);
  });
});
