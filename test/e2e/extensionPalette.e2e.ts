/**
 * The whole review flow from the command palette in a real VS Code (code-server + Chromium), on a
 * real run against the scripted model server: Request Feature → the plan gate → Approve Plan →
 * both tasks propose → Review Changes opens a diff → accept one task, reject the other → Apply →
 * exactly the accepted files change on disk → one Undo takes the whole apply back → apply again
 * and Roll Back → every file is byte for byte as before. Screenshots go to test-results/e2e/.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { agentTurns, call, planTurn } from '../support/agentScripts';
import { startScriptedServer } from '../support/scriptedServer';
import { makeTempWorkspace } from '../support/tempWorkspace';
import {
  clearNotifications,
  editorText,
  modalDialog,
  openFile,
  readText,
  reportFailure,
  settleSidebar,
  snapshotFiles,
  squadStatusText,
  waitForSquadStatus,
  waitUntil,
} from './extensionSteps';
import { launchVSCode } from './harness';
import { markdownPreviewText, PLAN_PREVIEW_TAB } from './markdownPreview';

const FILES = {
  'src/db.js': "export const COLUMNS = ['id', 'title'];\n",
  'src/api.js': "import { COLUMNS } from './db.js';\n\nexport function fields() {\n  return COLUMNS;\n}\n",
  'public/app.js': 'export function render(task) {\n  return `<li>${task.title}</li>`;\n}\n',
  'README.md': '# Tasks\n',
};
const DB_NEW = "export const COLUMNS = ['id', 'title', 'due_date'];\n";
const API_NEW = "import { COLUMNS } from './db.js';\n\nexport function fields() {\n  return COLUMNS.map((c) => (c === 'due_date' ? 'dueDate' : c));\n}\n";
const APP_NEW = 'export function render(task) {\n  return `<li>${task.title} <time>${task.dueDate}</time></li>`;\n}\n';

// Two independent tasks on different files: t1 (backend) changes two files, t2 (frontend) one.
const PLAN = {
  summary: 'Due dates from the data layer to the list.',
  tasks: [
    { id: 't1', role: 'backend', title: 'Return due dates from the API', description: 'A due_date column in src/db.js, exposed as dueDate by src/api.js.', dependsOn: [] },
    { id: 't2', role: 'frontend', title: 'Show the due date', description: 'public/app.js renders the due date of each task.', dependsOn: [] },
  ],
};

const SCRIPT = {
  turns: [
    planTurn(PLAN),
    ...agentTurns('t1', [
      [call('read_file', { path: 'src/api.js' })],
      [
        call('propose_edit', { path: 'src/db.js', edits: [{ search: "['id', 'title']", replace: "['id', 'title', 'due_date']" }] }),
        call('propose_edit', { path: 'src/api.js', edits: [{ search: '  return COLUMNS;', replace: "  return COLUMNS.map((c) => (c === 'due_date' ? 'dueDate' : c));" }] }),
      ],
      [call('finish', { summary: 'The API returns dueDate.' })],
    ]),
    ...agentTurns('t2', [
      [call('propose_edit', { path: 'public/app.js', edits: [{ search: '<li>${task.title}</li>', replace: '<li>${task.title} <time>${task.dueDate}</time></li>' }] })],
      [call('finish', { summary: 'The list shows the due date.' })],
    ]),
  ],
};

test('palette: request, approve the plan, review in the diff editor, accept/reject tasks, apply, undo, roll back', async (t) => {
  const server = await startScriptedServer(SCRIPT, { log: (line) => t.diagnostic(`scripted server: ${line}`) });
  const ws = await makeTempWorkspace(FILES);
  const at = (rel: string) => path.join(ws.root, rel);
  const vscode = await launchVSCode({
    workspace: ws.root,
    theme: 'dark',
    settings: {
      'squad.provider': 'openai',
      'squad.baseUrl': server.openaiBaseUrl,
      'squad.model': 'scripted-model',
      'squad.autonomy': 'review-plan-and-changes',
    },
  });
  const shots: string[] = [];
  const shot = async (name: string, settleMs = 800) => {
    await settleSidebar(vscode);
    shots.push(await vscode.screenshot(`extension-palette-${name}`, settleMs));
  };

  try {
    const before = await snapshotFiles(ws.root);

    // 1. The request, typed into the command's input box.
    await vscode.runCommand('Squad: Request Feature');
    const prompt = vscode.page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Squad: Request Feature' });
    await prompt.waitFor({ state: 'visible' });
    await vscode.page.locator('.quick-input-widget input.input').fill('Show a due date on each task');
    await shot('01-request');
    await vscode.page.locator('.quick-input-widget input.input').press('Enter');

    // 2. The plan gate: the run stops with the plan and says so.
    await vscode.waitForNotification('Plan ready for review', 60_000);
    await waitForSquadStatus(vscode, /Squad: Plan ready for review/);
    await vscode.runCommand('Squad: Show Plan');
    // Show Plan renders the plan in VS Code's Markdown preview.
    await vscode.page.locator('.tabs-container .tab').filter({ hasText: PLAN_PREVIEW_TAB }).waitFor({ state: 'visible', timeout: 20_000 });
    await waitUntil('the plan preview', () => markdownPreviewText(vscode), (text) => text.includes('Return due dates from the API') && text.includes('Show the due date'), 20_000);
    await shot('02-plan-gate');
    assert.equal(server.requests.filter((r) => r.turnName?.startsWith('t')).length, 0, 'no agent ran before the plan was approved');
    assert.deepEqual(await snapshotFiles(ws.root), before, 'planning wrote nothing');

    // 3. Approve Plan from the palette; both tasks propose.
    await clearNotifications(vscode);
    await vscode.runCommand('Squad: Approve Plan');
    const status = await waitForSquadStatus(vscode, /\bSquad: Completed · 2\/2 done\b/, 90_000);
    t.diagnostic(`status bar: ${status}`);
    assert.deepEqual(await snapshotFiles(ws.root), before, 'proposals wrote nothing');

    // 4. Review Changes: every proposed file, grouped by task; one opens in the diff editor.
    await vscode.runCommand('Squad: Review Changes');
    await vscode.page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Squad: Review Changes (3 files in 2 tasks)' }).waitFor({ state: 'visible' });
    // Each row: the file (label) and its task and decision (detail).
    assert.deepEqual((await vscode.quickPickItems()).sort(), ['public/app.js', 'src/api.js', 'src/db.js', 't1 backend · undecided', 't1 backend · undecided', 't2 frontend · undecided']);
    await shot('03-review-pick');
    await vscode.quickPick('src/api.js');
    const diff = vscode.page.locator('.editor-group-container.active .monaco-diff-editor').first();
    await diff.waitFor({ state: 'visible' });
    await vscode.page.locator('.tabs-container .tab.active').filter({ hasText: 'src/api.js (t1 backend: proposed)' }).waitFor({ state: 'visible' });
    await waitUntil('the proposed side of the diff', () => editorText(diff.locator('.editor.modified .view-lines')), (text) => text.includes("'due_date' ? 'dueDate'"), 20_000);
    assert.match(await editorText(diff.locator('.editor.original .view-lines')), /return COLUMNS;/);
    // The review's title actions sit on the proposal's diff editor.
    const titleActions = vscode.page.locator('.editor-group-container.active .editor-actions');
    await titleActions.locator('[aria-label="Accept File"]').waitFor({ state: 'visible' });
    await titleActions.locator('[aria-label="Reject File"]').waitFor({ state: 'visible' });
    await vscode.parkMouse();
    await shot('04-diff-editor');

    // 5. Accept t1, reject t2 (task quick picks from the palette).
    await vscode.runCommand('Squad: Accept Task');
    assert.deepEqual((await vscode.quickPickItems()).sort(), ['1 file · undecided', '2 files · undecided', 't1 · backend', 't2 · frontend']);
    await vscode.quickPick('t1 · backend');
    await vscode.runCommand('Squad: Reject Task');
    await vscode.quickPick('t2 · frontend');
    // The review pick shows each file's decision.
    await vscode.runCommand('Squad: Review Changes');
    const rows = vscode.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    const decisions = await waitUntil(
      'the decisions in Review Changes',
      async () => (await rows.allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim()),
      (texts) => texts.some((r) => /src\/db\.js.*t1 backend · accepted/.test(r)) && texts.some((r) => /public\/app\.js.*t2 frontend · rejected/.test(r)),
      20_000,
    );
    t.diagnostic(`review rows: ${decisions.join(' | ')}`);
    await shot('05-decided');
    await vscode.closeQuickInput();

    // 6. Apply: the accepted task's two files change on disk, the rejected task's file does not.
    await clearNotifications(vscode);
    await vscode.runCommand('Squad: Apply Accepted Changes');
    await vscode.waitForNotification('Squad applied 2 files', 30_000);
    await waitUntil('the apply on disk', () => readText(at('src/db.js')), (text) => text === DB_NEW, 20_000);
    assert.equal(await readText(at('src/api.js')), API_NEW);
    assert.equal(await readText(at('public/app.js')), FILES['public/app.js'], 'the rejected task changed nothing');
    assert.notEqual(await readText(at('public/app.js')), APP_NEW);
    await shot('06-applied');

    // 7. One Undo in an applied file's editor takes the whole apply back. VS Code asks "Undo in N
    // Files?" only for edits marked to confirm; an extension's WorkspaceEdit is undone in every file at once.
    await clearNotifications(vscode);
    await openFile(vscode, 'src/api.js');
    const editorLines = vscode.page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
    assert.match(await editorText(editorLines), /dueDate/, 'the editor shows the applied text');
    await vscode.page.keyboard.press('Control+Z');
    const dialog = await modalDialog(vscode, 3_000);
    if (dialog) {
      t.diagnostic(`undo dialog: ${(await dialog.innerText()).replace(/\s+/g, ' ')}`);
      await shot('07-undo-dialog', 300);
      await dialog.locator('.monaco-button').filter({ hasText: /^Undo in \d+ Files$/ }).first().click();
      await dialog.waitFor({ state: 'hidden' });
    }
    await waitUntil('the undo in the editor', () => editorText(editorLines), (text) => text.includes('return COLUMNS;') && !text.includes('dueDate'), 20_000);
    // VS Code saves files a refactoring touched outside editors (files.refactoring.autoSave); Save All covers the rest.
    t.diagnostic(`on disk right after Undo: ${JSON.stringify(await snapshotFiles(ws.root))}`);
    await vscode.runCommand('File: Save All Files');
    await waitUntil('the undone files saved', () => snapshotFiles(ws.root), (files) => JSON.stringify(files) === JSON.stringify(before), 20_000);
    await shot('08-undone');

    // 8. Apply again, then Roll Back Last Apply: every file exactly as before.
    await vscode.runCommand('View: Close All Editors');
    await clearNotifications(vscode);
    await vscode.runCommand('Squad: Apply Accepted Changes');
    await vscode.waitForNotification('Squad applied 2 files', 30_000);
    await waitUntil('the second apply on disk', () => readText(at('src/api.js')), (text) => text === API_NEW, 20_000);
    assert.equal(await readText(at('src/db.js')), DB_NEW);
    await clearNotifications(vscode);
    await vscode.runCommand('Squad: Roll Back Last Apply');
    await vscode.waitForNotification('Squad rolled back 2 files', 30_000);
    const after = await waitUntil('the roll-back on disk', () => snapshotFiles(ws.root), (files) => files['src/api.js'] === FILES['src/api.js'], 20_000);
    assert.deepEqual(after, before, 'every file is exactly as before the apply');
    t.diagnostic(`status bar after roll back: ${await squadStatusText(vscode)}`);
    await shot('09-rolled-back');

    // The first apply, taken back by the editor Undo, no longer stands either: nothing is left to roll back.
    await clearNotifications(vscode);
    await vscode.runCommand('Squad: Roll Back Last Apply');
    await vscode.waitForNotification('There is no apply of this run to roll back', 30_000);
    // The sidebar (opened by Show Plan) follows: t1 is accepted again, no longer applied.
    await waitUntil('t1 accepted in the sidebar', () => vscode.sidebarFrame().locator('#task-t1 .status-label').innerText({ timeout: 2_000 }), (s) => s.trim() === 'accepted', 20_000);
    await shot('10-nothing-left-to-roll-back');
    t.diagnostic(`screenshots: ${shots.join(', ')}`);
  } catch (err) {
    await reportFailure(vscode, 'extension-palette', (line) => t.diagnostic(line));
    throw err;
  } finally {
    await vscode.dispose();
    await ws.dispose();
    await server.close();
  }
});
