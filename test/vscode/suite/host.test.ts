/**
 * The run host inside real VS Code: commands, settings, the journal in the workspace storage,
 * the plan gate, Show Plan's document, cancel and resume. The model is the scripted server
 * (provider openai + squad.baseUrl, so no key), started in this extension host on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HostTestInfo } from '../../../src/vscode/commands';
import type { Script } from '../../support/script';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { ONE_TASK_PLAN, script, T1_TURNS, UNTESTED_FILES } from '../../unit/vscode/support/hostScripts';
import { planTurn } from '../../support/agentScripts';
import { hostLog } from '../hostConsole';

const EXTENSION_ID = 'squad-dev.squad';
const SETTINGS = ['provider', 'baseUrl', 'model', 'autonomy'] as const;

const info = async (): Promise<HostTestInfo> => (await vscode.commands.executeCommand<HostTestInfo>('_squad.host.testInfo'));
const root = (): string => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function configure(values: Partial<Record<(typeof SETTINGS)[number], string | undefined>>): Promise<void> {
  const config = vscode.workspace.getConfiguration('squad');
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Global);
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the run host', function () {
  this.timeout(60_000);
  let server: ScriptedServer;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    for (const [rel, content] of Object.entries(UNTESTED_FILES)) {
      await fs.mkdir(path.dirname(path.join(root(), rel)), { recursive: true });
      await fs.writeFile(path.join(root(), rel), content);
    }
    server = await startScriptedServer(script(ONE_TASK_PLAN), { log: () => {} });
    await configure({ provider: 'openai', baseUrl: server.openaiBaseUrl, model: 'scripted', autonomy: undefined });
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  after(async () => {
    await configure(Object.fromEntries(SETTINGS.map((k) => [k, undefined])));
    await server.close();
    for (const rel of Object.keys(UNTESTED_FILES)) await fs.rm(path.join(root(), rel), { force: true });
    await fs.rm(path.join(root(), 'src'), { recursive: true, force: true });
  });

  it('activate() is cheap: it measures itself', async () => {
    const { activateMs, servicesMs } = await info();
    assert.equal(typeof activateMs, 'number');
    assert.ok(Number.isFinite(activateMs) && activateMs! >= (servicesMs ?? 0));
    hostLog(`activation within ${activateMs!.toFixed(2)} ms (an upper bound of activate()), createServices ${servicesMs!.toFixed(2)} ms`);
  });

  it('with no run yet, the run commands explain instead of failing', async function () {
    if ((await info()).runs > 0) this.skip(); // another suite journaled a run first
    await vscode.commands.executeCommand('squad.approvePlan');
    await vscode.commands.executeCommand('squad.cancelRun');
    await vscode.commands.executeCommand('squad.openRunLog');
    const after = await info();
    assert.equal(after.runId, undefined);
    assert.equal(after.runs, 0);
  });

  it('plans, waits at the gate, shows the plan, runs it once approved; the journal is in the workspace storage', async () => {
    server.setScript(script(ONE_TASK_PLAN));
    await vscode.commands.executeCommand('squad.requestFeature', 'Add discounts');
    const gate = await info();
    assert.equal(gate.phase, 'awaiting-approval');
    assert.equal(gate.busy, false);
    assert.ok(gate.storageDir && gate.runId);
    assert.ok(existsSync(path.join(gate.storageDir, 'runs', gate.runId, 'events.jsonl')), 'journaled in the workspace storage');
    assert.ok(!gate.storageDir.startsWith(root()), 'the storage is not in the workspace');
    assert.deepEqual((await fs.readdir(root())).sort(), ['README.md', 'src'], 'nothing was added to the workspace');

    await vscode.commands.executeCommand('squad.showPlan');
    // Shown as a Markdown preview (a webview tab), which reads the squad-plan document.
    const doc = await waitFor('the plan document', async () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'squad-plan'));
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.ok(tabs.some((tab) => tab.label === 'Preview Squad Plan.md'), `a preview tab: ${tabs.map((tab) => tab.label).join(', ')}`);
    assert.match(doc.getText(), /\| t1 \| backend \| Apply a discount \| — \| pending \|/);
    assert.match(doc.getText(), /Squad: Approve Plan/);

    await vscode.commands.executeCommand('squad.approvePlan');
    const done = await info();
    assert.equal(done.status, 'completed');
    assert.equal(done.phase, 'finished');
    // The document follows the run.
    const refreshed = await vscode.workspace.openTextDocument(doc.uri);
    await waitFor('the refreshed plan', async () => /\| t1 \| backend \| Apply a discount \| — \| proposed \|/.test(refreshed.getText()));
  });

  it('Cancel Run stops a working run; Resume Run continues it from the journal', async () => {
    const slowFirstTurn: Script = { turns: [planTurn(ONE_TASK_PLAN), { ...T1_TURNS[0]!, delayMs: 30_000, times: 1 }, ...T1_TURNS] };
    server.setScript(slowFirstTurn);
    await configure({ autonomy: 'review-changes' });
    const seen = server.requests.length;
    const running = vscode.commands.executeCommand('squad.requestFeature', 'Add discounts, then cancel');
    await waitFor('the slow turn to be asked for', async () => server.requests.slice(seen).some((r) => r.turnName === 't1 turn 0') || undefined);
    assert.equal((await info()).busy, true);
    // Cancelled while the model call is in flight: the request is aborted, not waited out.
    await vscode.commands.executeCommand('squad.cancelRun');
    await running;
    const cancelled = await info();
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(cancelled.busy, false);

    await vscode.commands.executeCommand('squad.resumeRun', cancelled.runId);
    const resumed = await info();
    assert.equal(resumed.runId, cancelled.runId);
    assert.equal(resumed.status, 'completed');
    await configure({ autonomy: undefined });
  });

  it('provider vscode-lm with no language model in VS Code journals nothing and says why', async () => {
    const before = await info();
    await configure({ provider: 'vscode-lm' });
    try {
      const models = await vscode.lm.selectChatModels();
      if (models.length > 0) return; // a machine with Copilot: nothing to check here
      await vscode.commands.executeCommand('squad.requestFeature', 'Add discounts with Copilot');
      const after = await info();
      assert.equal(after.runs, before.runs, 'no run was started');
      assert.equal(after.runId, before.runId);
    } finally {
      await configure({ provider: 'openai' });
    }
  });
});
