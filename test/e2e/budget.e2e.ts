/**
 * The budget in a real VS Code (code-server + Chromium) against the scripted model server: the plan
 * gate shows each task's estimate ("~12k tokens · ~$0.03", the model has a known price) and the
 * run's total; a small `squad.runBudget` holds the agent call that would cross it and asks in a
 * notification (Continue / Raise… / Stop); Raise… with a larger budget lets the run finish, and the
 * held call was never sent before the answer. Then two applies from two runs: the sidebar's Applies
 * list shows both, Roll Back an Apply… rolls back the older one (the list follows), and the list's
 * Roll back the newer one. Screenshots: test-results/e2e/budget-*.png.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { agentTurns, call, planTurn } from '../support/agentScripts';
import { startScriptedServer } from '../support/scriptedServer';
import { makeTempWorkspace } from '../support/tempWorkspace';
import { requestInSidebar, waitForSquadStatus } from './extensionSteps';
import { launchVSCode } from './harness';

const PLAN = {
  summary: 'Greet in two languages.',
  tasks: [
    { id: 't1', role: 'backend', title: 'English greeting', description: 'hello() in src/greet.js returns "hello".', dependsOn: [] },
    { id: 't2', role: 'frontend', title: 'French greeting', description: 'bonjour() beside hello().', dependsOn: ['t1'] },
  ],
};

const SCRIPT = {
  turns: [
    planTurn(PLAN),
    ...agentTurns('t1', [
      [call('read_file', { path: 'src/greet.js' })],
      [call('propose_edit', { path: 'src/greet.js', edits: [{ search: "'hi'", replace: "'hello'" }] })],
      [call('finish', { summary: 'hello() says hello.' })],
    ]),
    ...agentTurns('t2', [
      [call('create_file', { path: 'src/bonjour.js', content: "export const bonjour = () => 'bonjour';\n" })],
      [call('finish', { summary: 'bonjour() added.' })],
    ]),
  ],
};
/** The planner, t1's three turns and t2's two. */
const ALL_CALLS = 6;

/** A second run, on another file: its apply does not touch the first run's files. */
const SHOUT_SCRIPT = {
  turns: [
    planTurn({ summary: 'Shout.', tasks: [{ id: 't1', role: 'backend', title: 'Shout', description: 'shout() in src/shout.js.', dependsOn: [] }] }),
    ...agentTurns('t1', [
      [call('create_file', { path: 'src/shout.js', content: "export const shout = (s) => s.toUpperCase();\n" })],
      [call('finish', { summary: 'shout() added.' })],
    ]),
  ],
};

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting; last saw ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the gate shows estimates; a small budget holds the crossing call and asks; Raise… lets the run finish; applies are listed and any rolls back', async (t) => {
  const server = await startScriptedServer(SCRIPT);
  const ws = await makeTempWorkspace({ 'src/greet.js': "export const hello = () => 'hi';\n" });
  const vscode = await launchVSCode({
    workspace: ws.root,
    theme: 'dark',
    // gpt-4.1-mini has a list price: the estimates show a cost. 6k tokens: the planner fits, the agents do not.
    settings: { 'squad.provider': 'openai', 'squad.baseUrl': server.openaiBaseUrl, 'squad.model': 'gpt-4.1-mini', 'squad.runBudget': { tokens: 6000 } },
    viewport: { width: 1400, height: 1000 },
  });
  const view = vscode.sidebarFrame();
  const text = (selector: string) => () => view.locator(selector).first().textContent({ timeout: 2000 }).then((x) => (x ?? '').trim(), () => '');
  try {
    await vscode.openViewContainer('Squad');
    await requestInSidebar(view, 'Greet in English and French');

    // 1. The gate: each task's estimate from its prompt sizes, and the run's total.
    await view.locator('.gate').waitFor({ state: 'visible', timeout: 30_000 });
    const t1Estimate = await until(text('#task-t1 .tokens'), (x) => x !== '');
    assert.match(t1Estimate, /^~[\d.]+k tokens · ~\$[\d.]+$/);
    assert.match(await text('#task-t2 .tokens')(), /^~[\d.]+k tokens · ~\$[\d.]+$/);
    assert.match(await view.locator('#task-t1 .tokens').getAttribute('title') ?? '', /Estimated before it ran: from prompt sizes · gpt-4\.1-mini/);
    assert.match(await text('.gate-estimate')(), /^Estimated for the run: ~[\d.]+k tokens · ~\$[\d.]+\.$/);
    const gateShot = await vscode.screenshot('budget-gate');

    // 2. Run: an agent call would cross 6k tokens; it is held and the user is asked.
    await view.getByRole('button', { name: 'Run the plan as it stands' }).click();
    const toast = await vscode.waitForNotification(/Squad paused: budget: spent .* of 6k tokens; the next \w+ call \(~[\d.]+k tokens · ~\$[\d.]+\) would cross it and was not sent/, 60_000);
    const sentWhileAsking = server.requests.length;
    assert.ok(sentWhileAsking >= 1 && sentWhileAsking < ALL_CALLS, `some calls went before the question, not all (${sentWhileAsking})`);
    // The sidebar and the status bar say the run waits for the answer, and its clock stands.
    await until(text('section.run .run-status'), (x) => x === 'Budget reached: waits for your answer');
    await waitForSquadStatus(vscode, /Squad: Budget reached: waits for your answer/, 10_000);
    const askShot = await vscode.screenshot('budget-asks');
    t.diagnostic(`question: ${(await toast.textContent())?.trim()}`);
    // Nothing more goes out while the question stands.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(server.requests.length, sentWhileAsking, 'the held call was not sent while the question stood');

    // 3. Raise… to 1M tokens: the run goes on and finishes.
    await vscode.clickNotificationButton(/Squad paused: budget/, 'Raise…');
    await vscode.inputBox('1m');
    await until(text('#task-t2 .status-label'), (s) => s === 'proposed');
    assert.equal(await text('#task-t1 .status-label')(), 'proposed');
    assert.equal(server.requests.length, ALL_CALLS, 'each scripted call sent once');
    // Once a task has used tokens, its card shows what it used, not the estimate.
    assert.match(await text('#task-t1 .tokens')(), /^[\d.]+k? tok$/);
    const doneShot = await vscode.screenshot('budget-raised-done');

    // 4. Apply it; then a second, smaller run (it fits the budget: nothing is asked) and its apply.
    const greet = path.join(ws.root, 'src', 'greet.js');
    const acceptAllAndApply = async () => {
      await view.locator('button').filter({ hasText: /^\s*Accept all\s*$/ }).click();
      await view.locator('[data-act=applyAccepted]:not([disabled])').click();
    };
    await acceptAllAndApply();
    await until(() => fs.readFile(greet, 'utf8'), (x) => x.includes("'hello'"), 20_000);
    server.setScript(SHOUT_SCRIPT);
    await requestInSidebar(view, 'Shout it');
    // The request guard may ask whether to replace the finished run (it counted its applied changes as unapplied when this was written): replace it.
    const replace = vscode.page.locator('.monaco-dialog-box .monaco-button').filter({ hasText: /^Replace$/ });
    if (await replace.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) await replace.click();
    await until(text('#task-t1 .title'), (x) => x === 'Shout');
    await view.getByRole('button', { name: 'Run the plan as it stands' }).click();
    await until(text('#task-t1 .status-label'), (s) => s === 'proposed');
    assert.ok(!(await vscode.notifications()).some((n) => /Squad paused: budget/.test(n)), 'a run within its budget is not held');
    await acceptAllAndApply();
    const shout = path.join(ws.root, 'src', 'shout.js');
    await until(() => fs.readFile(shout, 'utf8').catch(() => ''), (x) => x.includes('toUpperCase'), 20_000);

    // 5. The sidebar's Applies list: both applies, newest first, each with Roll back (they share no file).
    const applyRows = () => view.locator('#apply-list li.apply').evaluateAll((lis) => lis.map((li) => `${li.querySelector('.apply-request')?.textContent ?? ''} | ${li.querySelector('.apply-state')?.textContent ?? (li.querySelector('[data-act=rollBackApply]') ? 'Roll back' : '')}`));
    await view.locator('[data-act=toggleApplies]').click();
    assert.deepEqual(await until(applyRows, (rows) => rows.length === 2), ['Shout it | Roll back', 'Greet in English and French | Roll back']);
    assert.match((await view.locator('#apply-list li.apply .apply-meta').first().textContent()) ?? '', /1 file: src\/shout\.js$/);

    // 6. Roll Back an Apply…: both applies, newest first; the older one (the other run's) rolls back.
    await vscode.runCommand('Squad: Roll Back an Apply…');
    const items = await vscode.quickPickItems();
    // Each apply's row: the run's request, then its files (the time is the row's description).
    assert.deepEqual(items, ['Shout it', '1 file: src/shout.js', 'Greet in English and French', '2 files: src/bonjour.js, src/greet.js']);
    const historyShot = await vscode.screenshot('budget-apply-history');
    await vscode.quickPick(/Greet in English and French/);
    await until(() => fs.readFile(greet, 'utf8'), (x) => x.includes("'hi'"), 20_000);
    await until(() => fs.stat(path.join(ws.root, 'src', 'bonjour.js')).then(() => 'there', () => 'gone'), (x) => x === 'gone', 20_000);
    assert.match(await fs.readFile(shout, 'utf8'), /toUpperCase/, 'the later apply stays');
    // The roll-back went into the first run's journal; its entry now reads rolled back.
    await vscode.runCommand('Squad: Roll Back an Apply…');
    await until(async () => (await vscode.page.locator('.quick-input-list .monaco-list-row').allTextContents()).join(' | '), (x) => /Greet in English and French.*rolled back/.test(x), 20_000);
    await vscode.closeQuickInput();
    // The sidebar's list follows a roll-back journaled in another run than the active one.
    await until(applyRows, (rows) => rows[1] === 'Greet in English and French | rolled back');
    const listShot = await vscode.screenshot('budget-apply-list');

    // 7. The sidebar's Roll back on the newer apply (the active run's).
    await view.locator('#apply-list [data-act=rollBackApply]').first().click();
    await until(() => fs.stat(shout).then(() => 'there', () => 'gone'), (x) => x === 'gone', 20_000);
    assert.deepEqual(await until(applyRows, (rows) => rows[0] === 'Shout it | rolled back'), ['Shout it | rolled back', 'Greet in English and French | rolled back']);
    assert.match(await fs.readFile(greet, 'utf8'), /'hi'/);
    t.diagnostic(`screenshots: ${[gateShot, askShot, doneShot, historyShot, listShot].join(', ')}`);
  } catch (err) {
    await vscode.screenshot('budget-failure').catch(() => undefined);
    t.diagnostic(`sidebar text: ${await view.locator('#app').innerText({ timeout: 2000 }).catch(String)}`);
    t.diagnostic(`notifications: ${(await vscode.notifications().catch(() => [])).join(' | ')}`);
    t.diagnostic(`src/: ${(await fs.readdir(path.join(ws.root, 'src')).catch(() => [])).join(', ')}`);
    t.diagnostic(vscode.logs());
    throw err;
  } finally {
    await vscode.dispose();
    await ws.dispose();
    await server.close();
  }
});
