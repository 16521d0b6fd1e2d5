/**
 * Squad guards the user's intent, in a real VS Code (code-server + Chromium) against the scripted
 * model server (Anthropic protocol, so a key is required):
 * - a request made from the palette with no key, before the sidebar was opened, is kept; Set API
 *   Key (with the short key `sk-test`) offers to send it, it is sent, and it is in Recent;
 * - removing a task at the gate names the tasks whose dependencies it cuts; Undo restores them;
 * - a Save that changes a description and makes a cycle keeps nothing, names the cycle, and the
 *   form keeps the user's input;
 * - a new request over the waiting plan asks first (Keep Current keeps the plan and the text);
 * - one editor Undo of a whole apply says what it did;
 * - a request over accepted changes left unapplied asks too; Replace starts the new run.
 * Screenshots go to test-results/e2e/guard-intent-*.png.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { agentTurns, call, planTurn } from '../support/agentScripts';
import { startScriptedServer } from '../support/scriptedServer';
import { makeTempWorkspace } from '../support/tempWorkspace';
import { clearNotifications, editorText, modalDialog, openFile, readText, reportFailure, settleSidebar, waitUntil } from './extensionSteps';
import { launchVSCode } from './harness';

const PRICE = 'export function total(items) {\n  return items.reduce((sum, i) => sum + i.price, 0);\n}\n';
const PRICE_NEW = 'export function total(items, discount = 0) {\n  return items.reduce((sum, i) => sum + i.price, 0) - discount;\n}\n';
const TEST_FILE = "import { test } from 'node:test';\n";

const PLAN = {
  summary: 'Discounts on the cart total.',
  tasks: [
    { id: 't1', role: 'backend', title: 'Apply a discount', description: 'total(items, discount) subtracts a discount.', dependsOn: [] },
    { id: 't2', role: 'qa', title: 'Test discounts', description: 'A test file for the discount.', dependsOn: ['t1'] },
    { id: 't3', role: 'frontend', title: 'Show the discount', description: 'Nothing to show yet; say so.', dependsOn: ['t1', 't2'] },
  ],
};

const SCRIPT = {
  turns: [
    planTurn(PLAN),
    ...agentTurns('t1', [
      [call('propose_edit', { path: 'src/price.js', edits: [{ search: 'export function total(items) {\n  return items.reduce((sum, i) => sum + i.price, 0);', replace: 'export function total(items, discount = 0) {\n  return items.reduce((sum, i) => sum + i.price, 0) - discount;' }] })],
      [call('finish', { summary: 'total subtracts the discount.' })],
    ]),
    ...agentTurns('t2', [[call('create_file', { path: 'test/discount.test.js', content: TEST_FILE })], [call('finish', { summary: 'A test file.' })]]),
    ...agentTurns('t3', [[call('finish', { summary: 'Nothing to change in the UI yet.' })]]),
  ],
};

test('guarding intent: kept requests, gate edits with undo, whole saves, asked replacements, a said undo', async (t) => {
  const server = await startScriptedServer(SCRIPT, { log: (line) => t.diagnostic(`scripted server: ${line}`) });
  const ws = await makeTempWorkspace({ 'src/price.js': PRICE, 'README.md': '# shop\n' });
  const vscode = await launchVSCode({
    workspace: ws.root,
    theme: 'dark',
    settings: { 'squad.provider': 'anthropic', 'squad.baseUrl': server.anthropicBaseUrl, 'squad.model': 'scripted-model', 'squad.autonomy': 'review-plan-and-changes' },
    viewport: { width: 1400, height: 1000 },
  });
  const shots: string[] = [];
  const shot = async (name: string, settleMs = 800) => {
    await settleSidebar(vscode);
    shots.push(await vscode.screenshot(`guard-intent-${name}`, settleMs));
  };
  const view = vscode.sidebarFrame();
  const box = view.locator('#request-text');
  try {
    // 1. No key, from the palette, before the sidebar was ever opened: the request is refused and
    // kept (Request Feature offers it again), and Set API Key (a short key) offers to send it.
    await vscode.runCommand('Squad: Request Feature');
    await vscode.inputBox('Add discounts to the cart');
    await vscode.waitForNotification(/No API key for anthropic.*Your request is kept/, 30_000);
    assert.equal(server.requests.length, 0, 'nothing reached the provider');
    await shot('01-no-key-kept');
    await vscode.runCommand('Squad: Request Feature');
    const input = vscode.page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible' });
    assert.equal(await input.inputValue(), 'Add discounts to the cart', 'Request Feature offers the kept text again');
    await vscode.closeQuickInput();
    await vscode.clickNotificationButton(/Your request is kept/, 'Set API Key');
    await vscode.quickPick('Anthropic');
    const keyBox = vscode.page.locator('.quick-input-widget input.input');
    await vscode.page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Squad: Anthropic API key' }).waitFor({ state: 'visible' });
    await keyBox.fill('sk-test');
    // A short key is a key (local proxies use them): no "too short".
    assert.doesNotMatch(await vscode.inputBoxMessage().catch(() => ''), /too short/i);
    await keyBox.press('Enter');
    await vscode.waitForNotification('Send your request "Add discounts to the cart" now?', 30_000);
    await shot('02-offer-to-send');
    await vscode.clickNotificationButton('Send your request', 'Send Request');
    await waitUntil('the planner called', async () => server.requests.length, (n) => n > 0, 60_000);
    // The key as the provider received it (the SDK's header); compared, never printed.
    const keys = server.requests.map((r) => r.headers['x-api-key'] ?? r.headers.authorization?.replace(/^Bearer /, ''));
    assert.ok(keys.length > 0 && keys.every((k) => k === 'sk-test'), `the provider got the key that was just set (${keys.map((k) => (k === 'sk-test' ? 'sk-test' : 'another value')).join(', ')})`);

    // The sidebar, opened only now: the plan waits, and the palette's request is in Recent.
    await vscode.openViewContainer('Squad');
    await view.locator('.gate').waitFor({ state: 'visible', timeout: 30_000 });
    await view.locator('[data-act=toggleRecent]').click();
    assert.deepEqual(await view.locator('#recent-list li').allInnerTexts(), ['Add discounts to the cart'], 'a request made before the sidebar opened is recent');
    await view.locator('[data-act=toggleRecent]').click();

    // 2. Remove t1 at the gate: the cut is named; Undo restores it.
    await view.locator('#task-t1 .task-toggle').click();
    await view.locator('#task-t1 [data-act=removeTask]').click();
    const planNotice = view.locator('.plan .notice');
    await waitUntil('the removal notice', () => planNotice.innerText(), (x) => x.includes('Removed t1 "Apply a discount": t2 and t3 no longer depend on it.'), 20_000);
    await view.locator('#task-t1').waitFor({ state: 'detached' });
    assert.equal(await view.locator('#task-t2 .deps').textContent(), '', 't2 lost its dependency on t1');
    await shot('03-removed-cut-named');
    await planNotice.getByRole('button', { name: 'Undo this plan edit' }).click();
    await view.locator('#task-t1').waitFor({ state: 'visible', timeout: 20_000 });
    await waitUntil('t2 depends on t1 again', () => view.locator('#task-t2 .deps').innerText(), (x) => x.trim() === 't1', 20_000);
    assert.match(await view.locator('#task-t3 .deps').innerText(), /t1/);
    await shot('04-undone');

    // 3. A Save that edits the description and adds a cycle keeps nothing and names the cycle.
    if ((await view.locator('#task-t1 .task-toggle').getAttribute('aria-expanded')) !== 'true') await view.locator('#task-t1 .task-toggle').click();
    await view.locator('#task-t1 [data-act=editTask]').click();
    const form = view.locator('#task-t1 form');
    await form.getByLabel('Description').fill('total(items, discount) subtracts a discount, never below zero.');
    await form.getByRole('checkbox', { name: /t3/ }).check();
    await form.getByRole('button', { name: 'Save' }).click();
    const problem = await waitUntil('the form names the cycle', () => form.locator('.form-problem').innerText(), (x) => /t1 → .*t1 is a cycle/.test(x) || /t3 → .*t3 is a cycle/.test(x), 20_000);
    t.diagnostic(`refused save: ${problem}`);
    assert.match(problem, /^Nothing was changed/);
    assert.equal(await form.getByLabel('Description').inputValue(), 'total(items, discount) subtracts a discount, never below zero.', 'the form keeps the input');
    await shot('05-save-refused-cycle');
    await form.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await view.locator('#task-t1 .description').innerText(), 'total(items, discount) subtracts a discount.', 'the description was not kept');

    // 4. A new request while the plan waits asks first; Keep Current keeps the plan and the text.
    await box.fill('Add coupons');
    await box.press('Control+Enter');
    const dialog = await modalDialog(vscode, 20_000);
    assert.ok(dialog, 'a question before the waiting plan is replaced');
    const question = (await dialog.innerText()).replace(/\s+/g, ' ');
    t.diagnostic(`replace question: ${question}`);
    assert.match(question, /A plan waits for your approval\. Replace that run with the new request "Add coupons"\?/);
    await shot('06-replace-question', 300);
    await dialog.locator('.monaco-button').filter({ hasText: /^Keep Current$/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await box.inputValue(), 'Add coupons', 'the request stays in the box');
    assert.equal(await view.locator('.gate').isVisible(), true, 'the plan still waits');
    assert.equal(server.requests.length, 1, 'no second planner call');

    // 5. Run, accept, apply; one Undo in an editor takes the whole apply back and says what it did.
    await view.getByRole('button', { name: 'Run the plan as it stands' }).click();
    await waitUntil('t3 done', () => view.locator('#task-t3 .status-label').innerText(), (s) => /done|proposed/.test(s), 90_000);
    await clearNotifications(vscode);
    await vscode.runCommand('Squad: Accept All');
    await vscode.runCommand('Squad: Apply Accepted Changes');
    await vscode.waitForNotification('Squad applied 2 files', 30_000);
    await waitUntil('the apply on disk', () => readText(path.join(ws.root, 'src/price.js')), (x) => x === PRICE_NEW, 20_000);
    assert.equal(await readText(path.join(ws.root, 'test/discount.test.js')), TEST_FILE);
    await clearNotifications(vscode);
    await openFile(vscode, 'src/price.js');
    await vscode.page.keyboard.press('Control+Z');
    const undoDialog = await modalDialog(vscode, 3_000);
    if (undoDialog) {
      t.diagnostic(`VS Code's undo dialog: ${(await undoDialog.innerText()).replace(/\s+/g, ' ')}`);
      await undoDialog.locator('.monaco-button').filter({ hasText: /^Undo in \d+ Files$/ }).first().click();
    }
    const said = await vscode.waitForNotification("Undid Squad's apply", 30_000);
    const saidText = (await said.innerText()).replace(/\s+/g, ' ');
    t.diagnostic(`undo notice: ${saidText}`);
    assert.match(saidText, /Undid Squad's apply: 1 file restored, 1 created file removed\./);
    const lines = vscode.page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
    assert.match(await editorText(lines), /export function total\(items\) \{/);
    await shot('07-undo-said');

    // 6. The undone changes are accepted but unapplied: a new request asks again; Replace starts it.
    await clearNotifications(vscode);
    await vscode.openViewContainer('Explorer');
    await vscode.openViewContainer('Squad');
    await box.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await box.inputValue(), 'Add coupons', 'the kept request survived hiding the view');
    await box.press('Control+Enter');
    const again = await modalDialog(vscode, 20_000);
    assert.ok(again);
    const againText = (await again.innerText()).replace(/\s+/g, ' ');
    assert.match(againText, /accepted changes are not applied yet/);
    await shot('08-unapplied-question', 300);
    await again.locator('.monaco-button').filter({ hasText: /^Replace$/ }).click();
    await waitUntil('the new run took the request', () => box.inputValue(), (v) => v === '', 60_000);
    t.diagnostic(`screenshots: ${shots.join(', ')}`);
  } catch (err) {
    await reportFailure(vscode, 'guard-intent', (line) => t.diagnostic(line));
    throw err;
  } finally {
    await vscode.dispose();
    await ws.dispose();
    await server.close();
  }
});
