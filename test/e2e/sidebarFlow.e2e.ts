/**
 * The sidebar in a real VS Code (code-server + Chromium), on a real run against the scripted model
 * server: type a request in the sidebar, edit the plan at the gate (a cycle is refused with the
 * core's message), run it, watch the statuses change, accept one hunk and reject the other hunk of
 * the same file, apply, and find exactly the accepted change on disk. Screenshots in the dark and
 * the light theme go to test-results/e2e/.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { agentTurns, call, planTurn } from '../support/agentScripts';
import { startScriptedServer } from '../support/scriptedServer';
import { makeTempWorkspace } from '../support/tempWorkspace';
import { MATH_HELPERS } from './mathProject';
import { requestInSidebar } from './extensionSteps';
import { launchVSCode } from './harness';

const MATH = MATH_HELPERS;
const ADD_NEW = 'export function add(a, b) {\n  return Number(a) + Number(b);\n}';
const MUL_NEW = 'export function mul(a, b) {\n  return Number(a) * Number(b);\n}';

const PLAN = {
  summary: 'Make the math helpers accept numeric strings, with a test.',
  tasks: [
    { id: 't1', role: 'backend', title: 'Coerce arguments to numbers', description: 'add and mul in src/math.js take numeric strings.', dependsOn: [] },
    { id: 't2', role: 'qa', title: 'Test the helpers', description: 'A node:test file for add and mul.', dependsOn: ['t1'] },
  ],
};

const SCRIPT = {
  turns: [
    planTurn(PLAN),
    // The first turn is slow enough to see the task running in the sidebar.
    ...agentTurns('t1', [
      [call('read_file', { path: 'src/math.js' })],
      [call('propose_edit', { path: 'src/math.js', edits: [{ search: 'export function add(a, b) {\n  return a + b;\n}', replace: ADD_NEW }, { search: 'export function mul(a, b) {\n  return a * b;\n}', replace: MUL_NEW }] })],
      [call('finish', { summary: 'add and mul coerce their arguments.' })],
    ], { delayMs: 1500 }),
    ...agentTurns('t2', [
      [call('create_file', { path: 'test/math.test.js', content: "import test from 'node:test';\n" })],
      [call('finish', { summary: 'Added a test file.' })],
    ]),
  ],
};

/** Waits until `read()` returns something `ok` accepts; returns every distinct value seen on the way. */
async function watch(read: () => Promise<string>, ok: (value: string) => boolean, timeoutMs = 60_000): Promise<string[]> {
  const seen: string[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => '');
    if (seen.at(-1) !== value) seen.push(value);
    if (ok(value)) return seen;
    if (Date.now() > deadline) throw new Error(`gave up waiting; saw ${JSON.stringify(seen)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const statusOf = (frame: FrameLocator, taskId: string) => () => frame.locator(`#task-${taskId} .status-label`).textContent({ timeout: 2000 }).then((t) => t ?? '');

test('request, edit the plan, run, review hunk by hunk and apply from the sidebar', async (t) => {
  const server = await startScriptedServer(SCRIPT);
  const ws = await makeTempWorkspace({ 'src/math.js': MATH, 'README.md': '# math\n' });
  const vscode = await launchVSCode({
    workspace: ws.root,
    theme: 'dark',
    settings: { 'squad.provider': 'openai', 'squad.baseUrl': server.openaiBaseUrl, 'squad.model': 'scripted-model' },
    viewport: { width: 1400, height: 1000 },
  });
  const shots: string[] = [];
  const view = vscode.sidebarFrame();
  try {
    await vscode.openViewContainer('Squad');

    // 1. The request, typed in the sidebar.
    await requestInSidebar(view, 'Let the math helpers take numeric strings');

    // 2. The plan gate: rename t2, try a cycle, then run.
    await view.locator('.gate').waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await view.locator('#task-t2 .deps').textContent(), 't1');
    await view.locator('#task-t2 .task-toggle').click();
    await view.locator('#task-t2 [data-act=editTask]').click();
    await view.locator('#task-t2 form').getByLabel('Title').fill('Test add and mul');
    await view.locator('#task-t2 form').getByRole('button', { name: 'Save' }).click();
    await watch(() => view.locator('#task-t2 .title').textContent().then((x) => x ?? ''), (x) => x === 'Test add and mul');
    await view.locator('#task-t1 .task-toggle').click();
    await view.locator('#task-t1 [data-act=editTask]').click();
    await view.locator('#task-t1 form').getByRole('checkbox', { name: /t2/ }).check();
    await view.locator('#task-t1 form').getByRole('button', { name: 'Save' }).click();
    // Refused whole: the form stays open with the input, the core's reason named in it.
    const problem = view.locator('#task-t1 form .form-problem');
    await watch(() => problem.textContent().then((x) => x ?? ''), (x) => /cycle/i.test(x));
    assert.equal(await view.locator('#task-t1 .deps').textContent(), '', 'the refused edit changed nothing');
    await view.locator('#task-t1 form').getByRole('button', { name: 'Cancel' }).click();
    shots.push(await vscode.screenshot('sidebar-dark-gate'));

    await view.getByRole('button', { name: 'Run the plan as it stands' }).click();

    // 3. Statuses change as the agents work.
    const t1 = await watch(statusOf(view, 't1'), (s) => s === 'proposed');
    assert.ok(t1.includes('running'), `t1 went through running: ${JSON.stringify(t1)}`);
    await watch(statusOf(view, 't2'), (s) => s === 'proposed');

    // 4. One hunk accepted, the other rejected, in the same file.
    const file = view.locator('#task-t1 .file[data-path="src/math.js"]');
    await file.locator('.file-toggle').click();
    const hunks = file.locator('.hunk');
    await hunks.nth(1).waitFor({ state: 'visible' });
    assert.equal(await hunks.count(), 2);
    await hunks.nth(0).locator('.decide-accept').click();
    await hunks.nth(1).locator('.decide-reject').click();
    await watch(() => hunks.nth(1).locator('.verdict').textContent().then((x) => x ?? ''), (x) => x === 'rejected');
    assert.equal(await hunks.nth(0).locator('.verdict').textContent(), 'accepted');
    assert.equal(await file.locator('.file-row .verdict').textContent(), 'partly accepted');
    assert.equal(await statusOf(view, 't1')(), 'partly accepted');
    shots.push(await vscode.screenshot('sidebar-dark-review'));

    // Hidden and shown again (the view does not retain its context): the same parts are open.
    await vscode.openViewContainer('Explorer');
    await view.locator('#task-t1').waitFor({ state: 'detached', timeout: 20_000 });
    await vscode.openViewContainer('Squad');
    await hunks.nth(1).waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await hunks.nth(1).locator('.verdict').textContent(), 'rejected');

    // Another theme, applied by a window reload: the run comes back from its journal.
    await vscode.updateUserSettings({ 'workbench.colorTheme': 'Light 2026' });
    await vscode.page.locator('.monaco-workbench.vs').waitFor({ state: 'attached', timeout: 30_000 });
    // The workbench usually reopens the Squad view itself; clicking it when open would close it.
    if (!(await view.locator('#app').waitFor({ timeout: 15_000 }).then(() => true, () => false))) await vscode.openViewContainer('Squad');
    await watch(statusOf(view, 't1'), (s) => s === 'partly accepted');
    if ((await view.locator('#task-t1 .task-toggle').getAttribute('aria-expanded')) !== 'true') await view.locator('#task-t1 .task-toggle').click();
    if ((await file.locator('.file-toggle').getAttribute('aria-expanded')) !== 'true') await file.locator('.file-toggle').click();
    await hunks.nth(1).waitFor({ state: 'visible' });
    assert.equal(await hunks.nth(0).locator('.verdict').textContent(), 'accepted');
    shots.push(await vscode.screenshot('sidebar-light-review', 1000));

    // 5. Apply: only the accepted hunk reaches the disk.
    await view.locator('[data-act=applyAccepted]').click();
    const math = path.join(ws.root, 'src', 'math.js');
    await watch(() => fs.readFile(math, 'utf8'), (text) => text.includes(ADD_NEW), 20_000);
    const text = await fs.readFile(math, 'utf8');
    assert.ok(text.includes('export function mul(a, b) {\n  return a * b;\n}'), 'the rejected hunk was not applied');
    await assert.rejects(fs.stat(path.join(ws.root, 'test', 'math.test.js')), 'the undecided new file was not applied');
    await watch(statusOf(view, 't1'), (s) => s === 'applied');
    // Nothing is left to apply: the button says so instead of offering the same apply again.
    const applyButton = view.locator('[data-act=applyAccepted]');
    await watch(() => applyButton.innerText(), (label) => label.trim() === 'Applied');
    assert.equal(await applyButton.isDisabled(), true);
    shots.push(await vscode.screenshot('sidebar-light-applied'));
    t.diagnostic(`screenshots: ${shots.join(', ')}`);
  } catch (err) {
    await vscode.screenshot('sidebar-flow-failure').catch(() => undefined);
    t.diagnostic(`sidebar text: ${await view.locator('#app').innerText({ timeout: 2000 }).catch(String)}`);
    t.diagnostic(vscode.logs());
    throw err;
  } finally {
    await vscode.dispose();
    await ws.dispose();
    await server.close();
  }
});
