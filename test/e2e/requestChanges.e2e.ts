/**
 * Request changes from the sidebar in a real VS Code (code-server + Chromium), on a real run against
 * the scripted model server: the run proposes, the user asks t1 for a change in the task card's
 * text box, t1's agent revises (round 2, with its own diff), t2 — built on t1 — is told on its card,
 * then the user accepts and applies and finds the revised text on disk. Screenshots go to
 * test-results/e2e/.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { agentTurns, call, planTurn } from '../support/agentScripts';
import type { ScriptedTurn } from '../support/script';
import { startScriptedServer } from '../support/scriptedServer';
import { makeTempWorkspace } from '../support/tempWorkspace';
import { requestInSidebar, waitUntil } from './extensionSteps';
import { launchVSCode } from './harness';

const MATH = 'export function add(a, b) {\n  return a + b;\n}\n';
const FIRST = 'export function add(a, b) {\n  return Number(a) + Number(b);\n}';
const REVISED = 'export function add(a, b) {\n  return Number.parseFloat(a) + Number.parseFloat(b);\n}';
const COMMENT = 'Number("") is 0: use Number.parseFloat so an empty string gives NaN.';

const PLAN = {
  summary: 'Let add take numeric strings, with a test.',
  tasks: [
    { id: 't1', role: 'backend', title: 'Coerce arguments to numbers', description: 'add in src/math.js takes numeric strings.', dependsOn: [] },
    { id: 't2', role: 'qa', title: 'Test add', description: 'A node:test file for add.', dependsOn: ['t1'] },
  ],
};

const revision = (name: string, task: string, marker: string, assistantTurns: number, toolCalls: NonNullable<ScriptedTurn['reply']>['toolCalls']): ScriptedTurn => ({
  name,
  match: { contains: [`Your task (${task})`, marker], assistantTurns },
  // Slow enough to see the card say what it is doing.
  reply: { toolCalls: toolCalls ?? [] },
  delayMs: assistantTurns === 0 ? 1500 : 0,
});

const SCRIPT = {
  turns: [
    // Revision rounds first: the first matching turn answers, and their conversations name the task too.
    revision('t1 revision 0', 't1', 'asks for changes', 0, [call('propose_edit', { path: 'src/math.js', edits: [{ search: FIRST, replace: REVISED }] })]),
    revision('t1 revision 1', 't1', 'asks for changes', 1, [call('finish', { summary: 'add parses with Number.parseFloat.' })]),
    revision('t2 check 0', 't2', 'was revised after you proposed', 0, [call('finish', { summary: 'unchanged: the test calls add with numbers.' })]),
    planTurn(PLAN),
    ...agentTurns('t1', [
      [call('propose_edit', { path: 'src/math.js', edits: [{ search: 'export function add(a, b) {\n  return a + b;\n}', replace: FIRST }] })],
      [call('finish', { summary: 'add coerces its arguments.' })],
    ]),
    ...agentTurns('t2', [
      [call('create_file', { path: 'test/math.test.js', content: "import test from 'node:test';\n" })],
      [call('finish', { summary: 'Added a test file.' })],
    ]),
  ],
};

const text = (frame: FrameLocator, selector: string) => () => frame.locator(selector).first().textContent({ timeout: 2000 }).then((t) => t ?? '', () => '');

test('request changes on a task from the sidebar: round 2 with its own diff, the dependent told, applied to disk', async (t) => {
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
    await requestInSidebar(view, 'Let add take numeric strings');
    await view.getByRole('button', { name: 'Run the plan as it stands' }).click({ timeout: 30_000 });
    await waitUntil('t1 proposed', text(view, '#task-t1 .status-label'), (s) => s === 'proposed');
    await waitUntil('t2 proposed', text(view, '#task-t2 .status-label'), (s) => s === 'proposed');

    // Request changes on the task card: a small box, the user's words, Send.
    await view.locator('#task-t1 .task-toggle').click();
    const ask = view.locator('#task-t1 .files-head [data-act=requestChanges]');
    await ask.click();
    const form = view.locator('#task-t1 .change-form');
    await form.locator('textarea').fill(COMMENT);
    shots.push(await vscode.screenshot('request-changes-form'));
    await form.getByRole('button', { name: 'Send to the agent' }).click();
    await form.waitFor({ state: 'detached' });

    // The card says what it does, then shows round 2 with the comment, and the new diff.
    await waitUntil('t1 revising', text(view, '#task-t1 .status-label'), (s) => s === 'revising after your comment');
    await waitUntil('t1 revised', text(view, '#task-t1 .status-label'), (s) => s === 'proposed');
    const round = await waitUntil('round 2 in the history', text(view, '#task-t1 .history'), (h) => h.includes('Round 2 — after your comment'));
    assert.match(round, /Number\.parseFloat so an empty string gives NaN.*: revised: add parses with Number\.parseFloat\./);
    const file = view.locator('#task-t1 .file[data-path="src/math.js"]');
    await file.locator('.file-toggle').click();
    const hunk = file.locator('.hunk').first();
    await hunk.waitFor({ state: 'visible' });
    const diff = (await hunk.textContent()) ?? '';
    assert.ok(diff.includes('Number.parseFloat(a) + Number.parseFloat(b)'), `round 2's diff: ${diff}`);
    assert.ok(!diff.includes('Number(a) + Number(b)'), 'the diff is against the file, not round 1');
    // t2 built on t1 and had proposed: its card says so.
    await waitUntil('t2 told', text(view, '#task-t2 .revised-note'), (s) => s === 't1 was revised after this was proposed');
    assert.equal(await view.locator('#task-t1 .act-round').first().textContent(), 'round 2', 'the transcript numbers the round as the history does');
    await view.locator('#task-t1').scrollIntoViewIfNeeded();
    shots.push(await vscode.screenshot('request-changes-round2'));
    // t1 folded, so t2's card (with its note) is in view.
    await view.locator('#task-t1 .task-toggle').click();
    await view.locator('#task-t2 .revised-note').scrollIntoViewIfNeeded();
    shots.push(await vscode.screenshot('request-changes-dependent'));
    await view.locator('#task-t1 .task-toggle').click();

    // Accept t1 and apply: the revised text reaches the disk.
    await view.locator('#task-t1 .files-head .decide-accept').click();
    await waitUntil('t1 accepted', text(view, '#task-t1 .status-label'), (s) => s === 'accepted');
    await view.locator('[data-act=applyAccepted]').click();
    const math = path.join(ws.root, 'src', 'math.js');
    await waitUntil('applied', () => fs.readFile(math, 'utf8'), (s) => s.includes(REVISED), 20_000);
    assert.equal(await fs.readFile(math, 'utf8'), `${REVISED}\n`);
    await waitUntil('t1 applied', text(view, '#task-t1 .status-label'), (s) => s === 'applied');
    shots.push(await vscode.screenshot('request-changes-applied'));
    t.diagnostic(`screenshots: ${shots.join(', ')}`);
  } catch (err) {
    await vscode.screenshot('request-changes-failure').catch(() => undefined);
    t.diagnostic(`sidebar text: ${await view.locator('#app').innerText({ timeout: 2000 }).catch(String)}`);
    t.diagnostic(vscode.logs());
    throw err;
  } finally {
    await vscode.dispose();
    await ws.dispose();
    await server.close();
  }
});
