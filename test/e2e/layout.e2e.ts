/**
 * The sidebar's layout and themes in a real VS Code (code-server + Chromium), on a real run against
 * the scripted model server, plus the smaller things around it:
 * - at the plan gate (an edit form open, with its Depends-on list) and at review (a task's files
 *   and hunks open), at 300 px and 800 px, in Light, Dark, Dark High Contrast and Light High
 *   Contrast: nothing scrolls sideways, task titles take at most 2 lines at 300 px, the Depends-on
 *   list stays inside its form, and key text is readable on its background (WCAG contrast of the
 *   colours the theme painted). A screenshot of each goes to test-results/e2e/layout-*.png;
 * - the plan-ready notification goes away once the plan is approved;
 * - Show Plan opens a rendered Markdown preview;
 * - a run that finishes while the Squad view is hidden says so, with Open Squad;
 * - the diff tab's title follows the review: proposed → accepted → applied.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { agentTurns, call, planTurn } from '../support/agentScripts';
import { startScriptedServer } from '../support/scriptedServer';
import { makeTempWorkspace } from '../support/tempWorkspace';
import { clearNotifications, reportFailure, requestInSidebar, waitUntil } from './extensionSteps';
import { launchVSCode, type VSCodeSession } from './harness';
import { measureLayout, type LayoutReport } from './layoutChecks';
import { markdownPreviewText, PLAN_PREVIEW_TAB } from './markdownPreview';

const FILES = {
  'src/db.js': "export const COLUMNS = ['id', 'title'];\n",
  'src/api.js': "import { COLUMNS } from './db.js';\n\nexport function fields() {\n  return COLUMNS;\n}\n",
  'public/app.js': "export function render(task) {\n  return `<li>${task.title}</li>`;\n}\n",
  'README.md': '# tasks\n',
};
const API_NEW = "import { COLUMNS } from './db.js';\n\nexport function fields() {\n  return COLUMNS.map((c) => (c === 'due_date' ? 'dueDate' : c));\n}\n";

const PLAN = {
  summary: 'Due dates from the database to the list, with the overdue ones highlighted and covered by tests.',
  tasks: [
    { id: 't1', role: 'database', title: 'Add a due_date column to the tasks table with a migration that backfills existing rows', description: 'A nullable due_date column in src/db.js.', dependsOn: [] },
    { id: 't2', role: 'backend', title: 'Expose dueDate through the REST API and validate ISO dates on create and update', description: 'src/api.js maps due_date to dueDate.', dependsOn: ['t1'] },
    { id: 't3', role: 'frontend', title: 'Show the due date on each task card and highlight overdue tasks in the list view', description: 'public/app.js renders the due date.', dependsOn: ['t2'] },
    { id: 't4', role: 'qa', title: 'Cover due dates end to end: the migration, the API validation and the overdue highlight', description: 'Tests for all three layers.', dependsOn: ['t1', 't2', 't3'] },
  ],
};

const SCRIPT = {
  turns: [
    planTurn(PLAN),
    // Slow enough to hide the view before the run finishes.
    ...agentTurns('t1', [[call('propose_edit', { path: 'src/db.js', edits: [{ search: "'title']", replace: "'title', 'due_date']" }] })], [call('finish', { summary: 'Added due_date.' })]], { delayMs: 1500 }),
    ...agentTurns('t2', [[call('propose_edit', { path: 'src/api.js', edits: [{ search: '  return COLUMNS;', replace: "  return COLUMNS.map((c) => (c === 'due_date' ? 'dueDate' : c));" }] })], [call('finish', { summary: 'dueDate in the API.' })]], { delayMs: 1500 }),
    ...agentTurns('t3', [[call('propose_edit', { path: 'public/app.js', edits: [{ search: '<li>${task.title}</li>', replace: '<li>${task.title} <time class="due-date-of-the-task-in-the-list">${task.dueDate ?? ""}</time></li>' }] })], [call('finish', { summary: 'The list shows the due date.' })]], { delayMs: 1500 }),
    ...agentTurns('t4', [[call('create_file', { path: 'test/due.test.js', content: "import test from 'node:test';\n\ntest('due dates', () => {});\n" })], [call('finish', { summary: 'Tests for due dates.' })]], { delayMs: 1500 }),
  ],
};

const THEMES = [
  { label: 'Light 2026', kind: 'vscode-light', slug: 'light' },
  { label: 'Dark 2026', kind: 'vscode-dark', slug: 'dark' },
  { label: 'Dark High Contrast', kind: 'vscode-high-contrast', slug: 'hc-dark' },
  { label: 'Light High Contrast', kind: 'vscode-high-contrast-light', slug: 'hc-light' },
] as const;
const WIDTHS = [300, 800] as const;
/** WCAG AA for normal text. */
const MIN_CONTRAST = 4.5;

/** Every theme at both widths: a screenshot, then the checks (all problems of a state reported at once). */
async function checkEveryThemeAndWidth(t: TestContext, vscode: VSCodeSession, state: string, show: () => Promise<void>): Promise<string[]> {
  const view = vscode.sidebarFrame();
  const shots: string[] = [];
  const problems: string[] = [];
  for (const theme of THEMES) {
    await pickTheme(vscode, theme.label);
    await view.locator(`body[data-vscode-theme-kind="${theme.kind}"]`).waitFor({ state: 'attached', timeout: 30_000 });
    for (const width of WIDTHS) {
      const actual = await vscode.setSidebarWidth(width);
      assert.ok(Math.abs(actual - width) <= 2, `the side bar is about ${width} px wide (${actual})`);
      await show();
      // Away from the side bar (at 800 px the window's middle is inside it): no hover in the shot.
      await vscode.page.mouse.move(1390, 500);
      shots.push(await vscode.sidebarScreenshot(`layout-${state}-${theme.slug}-${width}`));
      const report = await measureLayout(view);
      t.diagnostic(`${state} ${theme.slug} ${width}px: ${summary(report)}`);
      problems.push(...layoutProblems(report, width).map((p) => `${state} ${theme.slug} ${width}px: ${p}`));
    }
  }
  assert.deepEqual(problems, [], 'the sidebar looks right in every theme and width');
  return shots;
}

/** Preferences: Color Theme, filtered by typing (the list is virtual: far rows are not rendered). */
async function pickTheme(vscode: VSCodeSession, label: string): Promise<void> {
  await vscode.runCommand('Preferences: Color Theme');
  await vscode.page.locator('.quick-input-widget input.input').fill(label);
  await vscode.quickPick(label);
  await vscode.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 20_000 });
}

function layoutProblems(r: LayoutReport, width: number): string[] {
  return [
    ...r.scrollers.map((s) => `scrolls sideways: ${s}`),
    ...r.outside.map((s) => `sticks out: ${s}`),
    ...(width <= 300 ? r.titles.filter((x) => x.lines > 2).map((x) => `title of ${x.task} takes ${x.lines} lines`) : []),
    ...r.depsOutside.map((s) => `Depends-on outside its form: ${s}`),
    ...r.contrast.filter((c) => !(c.ratio >= MIN_CONTRAST)).map((c) => `${c.what} contrast ${c.ratio} (${c.fg} on ${c.bg})`),
  ];
}

function summary(r: LayoutReport): string {
  return `titles ${r.titles.map((x) => `${x.task}:${x.lines}`).join(' ')} · dep choices ${r.depChoices} · contrast ${r.contrast.map((c) => `${c.what} ${c.ratio}`).join(', ')}`;
}

test('the sidebar at 300 and 800 px in four themes, at the gate and at review; plan toast, Show Plan preview, completion notice, diff tab titles', async (t) => {
  const server = await startScriptedServer(SCRIPT, { log: (line) => t.diagnostic(`scripted server: ${line}`) });
  const ws = await makeTempWorkspace(FILES);
  const vscode = await launchVSCode({
    workspace: ws.root,
    theme: 'dark',
    settings: { 'squad.provider': 'openai', 'squad.baseUrl': server.openaiBaseUrl, 'squad.model': 'scripted-model' },
    viewport: { width: 1400, height: 1000 },
  });
  const shots: string[] = [];
  const view = vscode.sidebarFrame();
  const request = 'Show a due date on each task, highlight the overdue ones';
  try {
    await vscode.openViewContainer('Squad');
    await requestInSidebar(view, request);

    // 1. The gate: the plan-ready notification, with its actions as links.
    await view.locator('.gate').waitFor({ state: 'visible', timeout: 60_000 });
    const planToast = await vscode.waitForNotification('Squad: Plan ready for review', 30_000);
    assert.deepEqual(await planToast.locator('.notification-list-item-message a').allTextContents(), ['Approve Plan', 'Show Plan']);
    shots.push(await vscode.screenshot('layout-plan-toast'));

    // 2. Show Plan: a rendered preview, not Markdown source.
    await vscode.runCommand('Squad: Show Plan');
    await vscode.page.locator('.tabs-container .tab').filter({ hasText: PLAN_PREVIEW_TAB }).waitFor({ state: 'visible', timeout: 30_000 });
    const preview = await waitUntil('the plan rendered in the preview', () => markdownPreviewText(vscode), (text) => text.includes(request) && text.includes(PLAN.tasks[3]!.title), 30_000);
    assert.ok(!preview.includes('| Task |') && !preview.includes('**'), 'rendered, not Markdown source');
    assert.ok(preview.includes('Add a due_date column'), 'the underscore reads as written');
    shots.push(await vscode.screenshot('layout-show-plan-preview', 1000));
    await vscode.runCommand('View: Close All Editors');

    // 3. The gate with t4's edit form open (its Depends-on list has three long titles), every theme and width.
    await view.locator('#task-t4 .task-toggle').click();
    await view.locator('#task-t4 [data-act=editTask]').click();
    const form = view.locator('#task-t4 form');
    await form.waitFor({ state: 'visible' });
    assert.equal(await form.locator('.dep-choice').count(), 3);
    shots.push(...(await checkEveryThemeAndWidth(t, vscode, 'gate', () => form.scrollIntoViewIfNeeded())));
    await form.getByRole('button', { name: 'Cancel' }).click();

    // 4. Run from the sidebar: the plan-ready notification goes away; hide the view while the agents work.
    await vscode.setSidebarWidth(300);
    await view.getByRole('button', { name: 'Run the plan as it stands' }).click();
    await planToast.waitFor({ state: 'detached', timeout: 20_000 });
    assert.equal((await vscode.notifications()).filter((n) => /plan ready for review/i.test(n)).length, 0, 'no plan-ready notification after approval');
    await vscode.openViewContainer('Explorer');
    await view.locator('#app').waitFor({ state: 'detached', timeout: 20_000 });

    // 5. The run finishes while the view is hidden: a notification with Open Squad.
    const done = await vscode.waitForNotification('The run finished', 90_000);
    assert.match((await done.innerText()).replace(/\s+/g, ' '), /4 of 4 tasks proposed changes to 4 files to review/);
    shots.push(await vscode.screenshot('layout-completion-notice'));
    await done.getByRole('button', { name: 'Open Squad' }).click();
    await view.locator('#task-t2').waitFor({ state: 'visible', timeout: 30_000 });

    // 6. Review: t3's file and its hunk open (a long line), every theme and width.
    await clearNotifications(vscode);
    if ((await view.locator('#task-t3 .task-toggle').getAttribute('aria-expanded')) !== 'true') await view.locator('#task-t3 .task-toggle').click();
    const appFile = view.locator('#task-t3 .file[data-path="public/app.js"]');
    await appFile.locator('.file-toggle').click();
    await appFile.locator('.hunk').first().waitFor({ state: 'visible' });
    shots.push(...(await checkEveryThemeAndWidth(t, vscode, 'review', () => appFile.scrollIntoViewIfNeeded())));

    // 7. The diff tab's title follows the review: proposed → accepted → applied.
    await pickTheme(vscode, 'Dark 2026');
    await vscode.setSidebarWidth(300);
    if ((await view.locator('#task-t2 .task-toggle').getAttribute('aria-expanded')) !== 'true') await view.locator('#task-t2 .task-toggle').click();
    const apiFile = view.locator('#task-t2 .file[data-path="src/api.js"]');
    await apiFile.locator('[data-act=openDiff]').click();
    const tab = (word: string) => vscode.page.locator('.tabs-container .tab').filter({ hasText: `src/api.js (t2 backend: ${word})` });
    await tab('proposed').waitFor({ state: 'visible', timeout: 30_000 });
    await apiFile.locator('.file-row .decide-accept').click();
    await tab('accepted').waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(await tab('proposed').count(), 0, 'the old title is gone');
    await view.locator('[data-act=applyAccepted]').click();
    await waitUntil('the apply on disk', () => fs.readFile(path.join(ws.root, 'src', 'api.js'), 'utf8'), (text) => text === API_NEW, 20_000);
    await tab('applied').waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(await vscode.page.locator('.tabs-container .tab').filter({ hasText: 'src/api.js (t2 backend:' }).count(), 1, 'one diff tab, retitled in place');
    await vscode.parkMouse();
    shots.push(await vscode.screenshot('layout-diff-tab-applied'));
    t.diagnostic(`screenshots: ${shots.join(', ')}`);
  } catch (err) {
    t.diagnostic(`sidebar text: ${await view.locator('#app').innerText({ timeout: 2000 }).catch(String)}`);
    await reportFailure(vscode, 'layout', (line) => t.diagnostic(line));
    throw err;
  } finally {
    await vscode.dispose();
    await ws.dispose();
    await server.close();
  }
});
