/**
 * Squad: Choose Models per Role in a real VS Code (code-server + Chromium) lists the roles the
 * workspace's agent files define, with the model each file names, next to the built-in ones; and
 * a model chosen there for a custom role is written to squad.models like any other.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeTempWorkspace } from '../support/tempWorkspace';
import { reportFailure, waitUntil } from './extensionSteps';
import { launchVSCode } from './harness';

const FILES = {
  'README.md': '# Docs\n',
  '.squad/agents/docs.agent.md': '---\ndescription: Writes the docs\nmodel: docs-model\ntools: [read, edit]\n---\nYou are the docs engineer.\n',
};

test('Choose Models per Role lists the agent files\' roles with their models, and sets one', async (t) => {
  const ws = await makeTempWorkspace(FILES);
  const vscode = await launchVSCode({ workspace: ws.root, theme: 'dark', settings: { 'squad.provider': 'openai', 'squad.model': 'base-model' } });
  try {
    await vscode.runCommand('Squad: Choose Models per Role');
    const rows = vscode.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await rows.first().waitFor({ state: 'visible' });
    assert.deepEqual(await vscode.quickPickItems(), ['planner', 'database', 'backend', 'frontend', 'qa', 'docs']);
    const description = (role: string) => rows.filter({ hasText: role }).locator('.label-description').innerText();
    assert.equal(await description('docs'), 'docs-model (from .squad/agents/docs.agent.md)');
    assert.equal(await description('backend'), 'base-model', 'a built-in role without a file: squad.model');
    await vscode.screenshot('extension-choose-models');

    await vscode.quickPick('docs');
    const input = vscode.page.locator('.quick-input-widget input.input');
    await vscode.page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Squad: model for docs (openai)' }).waitFor({ state: 'visible' });
    await input.fill('chosen-docs-model');
    await input.press('Enter');
    // squad.models is not set in the workspace, so the choice goes to the user's settings.json.
    const written = await waitUntil('squad.models in the user settings', async () => vscode.userSettings()['squad.models'], (m) => m !== undefined, 20_000);
    assert.deepEqual(written, { docs: 'chosen-docs-model' });
    await vscode.closeQuickInput();
  } catch (err) {
    await reportFailure(vscode, 'extension-choose-models', (line) => t.diagnostic(line));
    throw err;
  } finally {
    await vscode.dispose();
    await ws.dispose();
  }
});
