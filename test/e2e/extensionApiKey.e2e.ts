/**
 * Squad: Set API Key in a real VS Code (code-server + Chromium): the key is typed into a password
 * box, reaches the provider (the scripted server sees it as the bearer token), and appears nowhere
 * else — not in the user settings.json, not in the Squad output channel (as shown in the Output
 * panel and as written to its log file), not in the run journals under the user-data folder, not
 * in a notification — even when the provider's own error message quotes it back.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { planTurn } from '../support/agentScripts';
import { startScriptedServer } from '../support/scriptedServer';
import { makeTempWorkspace } from '../support/tempWorkspace';
import { clearNotifications, filesContaining, outputPanelChannel, outputPanelText, reportFailure, settleSidebar, squadLogFiles, waitUntil } from './extensionSteps';
import { launchVSCode } from './harness';

const OPENAI = 'OpenAI (or an OpenAI-compatible server)';

const PLAN = {
  summary: 'A health endpoint.',
  tasks: [{ id: 't1', role: 'backend', title: 'Add GET /health', description: 'src/server.js answers GET /health with 200.', dependsOn: [] }],
};

test('Set API Key: the key reaches the provider and nothing else (settings, output channel, logs, journals, notifications)', async (t) => {
  // Not shaped like a provider key (no "sk-"), so only the exact-key redaction can blank it.
  const key = `e2e${randomBytes(12).toString('hex')}`;
  const server = await startScriptedServer(
    {
      turns: [
        // The provider refuses the first request and quotes the key back ("Incorrect API key provided: …").
        { name: 'refuse once', fault: { kind: 'status', status: 401 }, times: 1 },
        planTurn(PLAN),
      ],
    },
    { log: (line) => t.diagnostic(`scripted server: ${line}`) },
  );
  const ws = await makeTempWorkspace({ 'src/server.js': 'export const port = 3000;\n', 'README.md': '# API\n' });
  const vscode = await launchVSCode({
    workspace: ws.root,
    theme: 'light',
    settings: { 'squad.provider': 'openai', 'squad.baseUrl': server.openaiBaseUrl, 'squad.model': 'scripted-model', 'squad.autonomy': 'review-plan-and-changes' },
  });
  const shots: string[] = [];
  const shot = async (name: string, settleMs = 800) => {
    await settleSidebar(vscode);
    shots.push(await vscode.screenshot(`extension-apikey-${name}`, settleMs));
  };
  try {
    // 1. Pick the provider, type the key into the password box.
    await vscode.runCommand('Squad: Set API Key');
    assert.deepEqual((await vscode.quickPickItems()).sort(), ['Anthropic', OPENAI]);
    await vscode.quickPick(OPENAI);
    const box = vscode.page.locator('.quick-input-widget input.input');
    await vscode.page.locator('.quick-input-widget .quick-input-title').filter({ hasText: `Squad: ${OPENAI} API key` }).waitFor({ state: 'visible' });
    assert.equal(await box.getAttribute('type'), 'password', 'the key is typed into a password box');
    await box.fill(key);
    await shot('01-password-box');
    await box.press('Enter');
    await vscode.waitForNotification('the openai API key is saved');
    await shot('02-saved');

    // The key is stored: asked again, the prompt says so.
    await vscode.runCommand('Squad: Set API Key');
    await vscode.quickPick(OPENAI);
    // The input box opens once the stored key has been read; until then the widget shows the pick.
    await waitUntil('the prompt for a stored key', () => vscode.inputBoxMessage(), (m) => /A key is set \(from the secret storage\)/.test(m), 20_000);
    await vscode.closeQuickInput();

    // 2. A run: the provider's refusal quotes the key; the notification must not.
    await clearNotifications(vscode);
    await vscode.runCommand('Squad: Request Feature');
    await vscode.inputBox('Add a health endpoint');
    const refusal = await vscode.waitForNotification(/401|API key/i, 60_000);
    const refusalText = (await refusal.innerText()).replace(/\s+/g, ' ');
    t.diagnostic(`refusal notification: ${refusalText}`);
    assert.ok(!refusalText.includes(key), `the notification shows the key: ${refusalText}`);
    assert.match(refusalText, /Set API Key/, 'the refusal offers Set API Key');
    await shot('03-refused');

    // The next request is answered: the stored key is what the provider receives.
    await clearNotifications(vscode);
    await vscode.runCommand('Squad: Request Feature');
    await vscode.inputBox('Add a health endpoint');
    await vscode.waitForNotification('Plan ready for review', 60_000);
    const auth = server.requests.map((r) => r.headers.authorization);
    assert.ok(auth.length >= 2, `the provider was called (${auth.length} requests)`);
    assert.deepEqual([...new Set(auth)], [`Bearer ${key}`], 'every request carried the stored key');
    // The scripted server did quote the key back: the test's premise holds.
    assert.equal(server.requests[0]?.status, 401);

    // 3. The Squad output channel, as the Output panel shows it.
    await clearNotifications(vscode);
    await vscode.runCommand('Squad: Open Run Log');
    const channel = await waitUntil('the Squad channel in the Output panel', () => outputPanelChannel(vscode), (c) => c === 'Squad', 20_000);
    // The panel renders only the lines in view: maximized, the whole (short) log fits.
    await vscode.runCommand('View: Toggle Maximized Panel');
    const panel = await waitUntil('the run log lines', () => outputPanelText(vscode), (text) => text.includes('plan ready') && text.includes('API key for openai was stored'), 20_000);
    t.diagnostic(`output panel (${channel}):\n${panel}`);
    // The panel wraps long lines, maybe inside the key: compare without the breaks too.
    assert.ok(!panel.includes(key) && !panel.replace(/\s+/g, '').includes(key), 'the Output panel shows the key');
    assert.match(panel, /\[redacted\]/, 'the refusal was logged, with the key blanked');
    await shot('04-run-log');

    // 4. On disk: user settings.json, the channel's log file, everything under the user-data folder.
    const settingsText = readFileSync(path.join(vscode.userDataDir, 'User', 'settings.json'), 'utf8');
    assert.ok(!settingsText.includes(key), 'settings.json holds the key');
    assert.equal(vscode.userSettings()['squad.provider'], 'openai', 'the settings file read is the live one');
    const logs = squadLogFiles(vscode.userDataDir);
    assert.ok(logs.length > 0, 'the Squad channel writes a log file');
    for (const file of logs) {
      const text = readFileSync(file, 'utf8');
      assert.ok(text.includes('an API key for openai was stored'), `${file} is the Squad log`);
      assert.ok(!text.includes(key), `${file} holds the key`);
    }
    const hits = filesContaining(vscode.userDataDir, key);
    t.diagnostic(`files under user-data holding the key: ${hits.length === 0 ? 'none' : hits.join(', ')}`);
    assert.deepEqual(hits, [], 'no file under the user-data folder (settings, logs, journals, state) holds the key');
    // Where VS Code's secret storage keeps it in this setup (the browser side of code-server), for the record.
    const browserHits = filesContaining(path.join(vscode.scratch, 'chromium'), key);
    t.diagnostic(`browser profile files holding the key (VS Code's secret storage): ${browserHits.length === 0 ? 'none in plain text' : browserHits.join(', ')}`);
    t.diagnostic(`screenshots: ${shots.join(', ')}`);
  } catch (err) {
    await reportFailure(vscode, 'extension-apikey', (line) => t.diagnostic(line));
    throw err;
  } finally {
    await vscode.dispose();
    await ws.dispose();
    await server.close();
  }
});
