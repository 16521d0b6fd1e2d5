/**
 * An untrusted workspace in a real VS Code (code-server + Chromium, Restricted Mode): Squad still
 * plans and proposes, but runs no command — neither the project's test command (whose execution
 * would create a marker file) nor the QA agent's run_tests — and says why: a warning naming the
 * command with Manage Workspace Trust, a shield on the status bar item, a log line.
 */
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { agentTurns, call, planTurn } from '../support/agentScripts';
import { startScriptedServer } from '../support/scriptedServer';
import { makeTempWorkspace } from '../support/tempWorkspace';
import {
  clearNotifications,
  outputPanelText,
  reportFailure,
  settleSidebar,
  snapshotFiles,
  squadStatusItem,
  squadStatusTooltip,
  waitForSquadStatus,
  waitUntil,
} from './extensionSteps';
import { launchVSCode } from './harness';

const PLAN = {
  summary: 'A health endpoint with a test.',
  tasks: [
    { id: 't1', role: 'backend', title: 'Add GET /health', description: 'src/server.js answers GET /health.', dependsOn: [] },
    { id: 't2', role: 'qa', title: 'Test GET /health', description: 'A node:test file for the endpoint.', dependsOn: ['t1'] },
  ],
};

const SCRIPT = {
  turns: [
    planTurn(PLAN),
    ...agentTurns('t1', [
      [call('propose_edit', { path: 'src/server.js', edits: [{ search: 'export const routes = {};', replace: "export const routes = { '/health': () => 200 };" }] })],
      [call('finish', { summary: 'GET /health answers 200.' })],
    ]),
    ...agentTurns('t2', [
      [call('create_file', { path: 'test/health.test.js', content: "import test from 'node:test';\ntest('health', () => {});\n" })],
      // The QA agent asks to run the tests: in an untrusted workspace the tool refuses.
      [call('run_tests', {})],
      [call('finish', { summary: 'Added a health test.' })],
    ]),
  ],
};

test('untrusted workspace: planning and proposals work, no command runs, and the UI says why', async (t) => {
  const markerDir = mkdtempSync(path.join(os.tmpdir(), 'squad-e2e-marker-'));
  const marker = path.join(markerDir, 'tests-ran');
  const script = `node -e "require('fs').writeFileSync(${JSON.stringify(marker).replace(/"/g, "'")}, 'ran')"`;
  const files = {
    'package.json': `${JSON.stringify({ name: 'health', private: true, type: 'module', scripts: { test: script } }, null, 2)}\n`,
    'src/server.js': 'export const routes = {};\n',
    'README.md': '# Health\n',
  };
  const server = await startScriptedServer(SCRIPT, { log: (line) => t.diagnostic(`scripted server: ${line}`) });
  const ws = await makeTempWorkspace(files);
  try {
    // The premise: the project's test command, run, creates the marker.
    const npmPath = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;
    execSync('npm test', { cwd: ws.root, env: { ...process.env, PATH: npmPath }, stdio: 'pipe' });
    assert.ok(existsSync(marker), 'npm test creates the marker file');
    rmSync(marker);
  } catch (err) {
    await ws.dispose();
    await server.close();
    rmSync(markerDir, { recursive: true, force: true });
    throw err;
  }

  const vscode = await launchVSCode({
    workspace: ws.root,
    trust: 'untrusted',
    theme: 'dark',
    settings: { 'squad.provider': 'openai', 'squad.baseUrl': server.openaiBaseUrl, 'squad.model': 'scripted-model', 'squad.autonomy': 'review-changes' },
  });
  const shots: string[] = [];
  const shot = async (name: string, settleMs = 800) => {
    await settleSidebar(vscode);
    shots.push(await vscode.screenshot(`extension-untrusted-${name}`, settleMs));
  };
  try {
    // The status bar fills in after the workbench shows.
    await vscode.waitForRestrictedMode(true);
    await shot('00-restricted');
    const before = await snapshotFiles(ws.root);

    // 1. A request from the palette; the plan runs at once (squad.autonomy: review-changes).
    await vscode.runCommand('Squad: Request Feature');
    await vscode.inputBox('Add a health endpoint with a test');

    // 2. The warning says why the tests do not run, and offers to manage trust.
    const warning = await vscode.waitForNotification(/tests will not run/, 60_000);
    const warningText = (await warning.innerText()).replace(/\s+/g, ' ');
    t.diagnostic(`warning: ${warningText}`);
    assert.match(warningText, /workspace is not trusted/);
    assert.match(warningText, /npm test/, 'the warning names the command that did not run');
    assert.match(warningText, /Manage Workspace Trust/);
    await shot('01-warning');

    // 3. Both tasks propose; the status bar item carries the shield and says why in its tooltip.
    await waitForSquadStatus(vscode, /\bSquad: Completed · 2\/2 done\b/, 90_000);
    assert.equal(await squadStatusItem(vscode).locator('.codicon-shield').count(), 1, 'the status bar item shows a shield');
    await clearNotifications(vscode);
    const tooltip = await squadStatusTooltip(vscode).catch(async () => (await squadStatusItem(vscode).getAttribute('aria-label')) ?? '');
    t.diagnostic(`status bar tooltip: ${tooltip.replace(/\s+/g, ' ')}`);
    assert.match(tooltip, /not trusted: Squad plans and proposes changes, but runs no command/);
    await squadStatusItem(vscode).hover();
    await shot('02-status-tooltip', 300);
    await vscode.parkMouse();

    // The proposals are there to review.
    await vscode.runCommand('Squad: Review Changes');
    await vscode.page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Squad: Review Changes (2 files in 2 tasks)' }).waitFor({ state: 'visible' });
    assert.deepEqual((await vscode.quickPickItems()).filter((l) => l.includes('/')).sort(), ['src/server.js', 'test/health.test.js']);
    await shot('03-review');
    await vscode.closeQuickInput();

    // 4. Nothing ran: no marker; the QA agent's run_tests was refused; the log says why.
    assert.equal(existsSync(marker), false, 'the test command did not run');
    const afterRunTests = server.requests.find((r) => r.turnName === 't2 turn 2');
    assert.ok(afterRunTests, 'the QA agent went on after run_tests');
    assert.match(JSON.stringify(afterRunTests.body), /Running tests is not available in this run/, 'run_tests told the agent it may not run');
    assert.deepEqual(await snapshotFiles(ws.root), before, 'proposals wrote nothing');

    await vscode.runCommand('Squad: Open Run Log');
    await vscode.runCommand('View: Toggle Maximized Panel');
    const log = await waitUntil('the trust lines in the run log', () => outputPanelText(vscode), (text) => /tests will not run: the workspace is not trusted/.test(text.replace(/\s+/g, ' ')), 20_000);
    assert.match(log.replace(/\s+/g, ' '), /this workspace is not trusted: Squad will plan and propose changes, but run no command/);
    await shot('04-run-log');
    assert.equal(await vscode.isRestrictedMode(), true, 'still in Restricted Mode');
    assert.equal(existsSync(marker), false, 'still no marker');
    t.diagnostic(`screenshots: ${shots.join(', ')}`);
  } catch (err) {
    await reportFailure(vscode, 'extension-untrusted', (line) => t.diagnostic(line));
    throw err;
  } finally {
    await vscode.dispose();
    await ws.dispose();
    await server.close();
    rmSync(markerDir, { recursive: true, force: true });
  }
});
