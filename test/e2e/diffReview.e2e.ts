/**
 * Per-hunk review in VS Code's own diff editor, in a real VS Code (code-server + Chromium), on a
 * real run against the scripted model server: two tasks, two files, three hunks. The whole run is
 * reviewed from the keyboard only (the palette typed, then Squad's keybindings in the diff editor:
 * Alt+. / Alt+, / Alt+/ to move, Alt+Y / Alt+N to decide); then the journal's review.decided
 * events, the lenses, the sidebar's buttons and the Review Changes pick are checked; decisions
 * from the sidebar, a lens and the pick's buttons show in the other places at once; Apply writes exactly the
 * accepted hunks. Screenshots of the diff editor with its lenses, dark and light, go to test-results/e2e/.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { agentTurns, call, planTurn } from '../support/agentScripts';
import { startScriptedServer } from '../support/scriptedServer';
import { makeTempWorkspace } from '../support/tempWorkspace';
import { readText, reportFailure, waitUntil } from './extensionSteps';
import { MATH_HELPERS } from './mathProject';
import { launchVSCode, type VSCodeSession } from './harness';

const MATH = MATH_HELPERS;
const APP = 'export function render(task) {\n  return `<li>${task.title}</li>`;\n}\n';
const APP_NEW = 'export function render(task) {\n  return `<li>${String(task.title)}</li>`;\n}\n';

const PLAN = {
  summary: 'Numeric strings in the math helpers; a safe title in the list.',
  tasks: [
    { id: 't1', role: 'backend', title: 'Coerce arguments to numbers', description: 'add and mul in src/math.js take numeric strings.', dependsOn: [] },
    { id: 't2', role: 'frontend', title: 'Render titles as strings', description: 'public/app.js renders any title.', dependsOn: [] },
  ],
};

const SCRIPT = {
  turns: [
    planTurn(PLAN),
    ...agentTurns('t1', [
      [call('propose_edit', { path: 'src/math.js', edits: [{ search: '  return a + b;', replace: '  return Number(a) + Number(b);' }, { search: '  return a * b;', replace: '  return Number(a) * Number(b);' }] })],
      [call('finish', { summary: 'add and mul coerce their arguments.' })],
    ]),
    ...agentTurns('t2', [
      [call('propose_edit', { path: 'public/app.js', edits: [{ search: '${task.title}', replace: '${String(task.title)}' }] })],
      [call('finish', { summary: 'Titles render as strings.' })],
      // Slower than t1, so t1 settles first and the review order (t1's file, then t2's) is fixed.
    ], { delayMs: 2000 }),
  ],
};

const ACTIVE = '.editor-group-container.active';

/**
 * Runs a palette command with the keyboard only: F1, its title typed, Enter once it is the top row.
 * Right after startup the extension's commands may not be listed yet: the palette is opened again.
 */
async function typeCommand(vscode: VSCodeSession, title: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  const box = vscode.page.locator('.quick-input-widget input.input');
  const top = vscode.page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused .label-name').first();
  for (;;) {
    await vscode.closeQuickInput();
    await vscode.page.keyboard.press('F1');
    await box.waitFor({ state: 'visible' });
    await box.fill(`>${title}`);
    const found = await waitUntil(`"${title}" on top of the palette`, () => top.innerText({ timeout: 1_000 }).then((t) => t.trim()), (t) => t === title, 2_000).then(
      () => true,
      (err: unknown) => {
        if (Date.now() > deadline) throw err;
        return false;
      },
    );
    if (found) break;
  }
  await box.press('Enter');
}

/** The active diff's file and task (its tab title without the review status) and the cursor (the status bar's "Ln 3, Col 1"). */
async function where(vscode: VSCodeSession): Promise<string> {
  const title = (await vscode.page.locator(`${ACTIVE} .tabs-container .tab.active .label-name`).first().innerText({ timeout: 2_000 })).trim();
  const tab = title.replace(/: [^:()]*\)$/, ')');
  const cursor = (await vscode.page.locator('.statusbar-item[id="status.editor.selection"]').innerText({ timeout: 2_000 })).trim();
  return `${tab} @ ${cursor}`;
}

async function press(vscode: VSCodeSession, key: string, expected: string): Promise<void> {
  await vscode.page.keyboard.press(key);
  await waitUntil(`${key} to reach ${expected}`, () => where(vscode), (w) => w === expected, 20_000);
}

/** The lenses of the diff's proposed side, top to bottom, each line's lenses joined by " | ". */
async function lenses(vscode: VSCodeSession): Promise<string[]> {
  const rows = vscode.page.locator(`${ACTIVE} .monaco-diff-editor .editor.modified .codelens-decoration`);
  return (await rows.allInnerTexts()).map((t) => t.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim());
}

function waitForLenses(vscode: VSCodeSession, what: string, ok: (rows: string[]) => boolean): Promise<string[]> {
  return waitUntil(`lenses: ${what}`, () => lenses(vscode), ok, 20_000);
}

/** The run's journal (workspace storage under the user-data folder): its events, in order; none before it exists. */
function journal(userDataDir: string): Array<{ type: string; scope?: Record<string, string>; decision?: string }> {
  const journals = readdirSync(userDataDir, { recursive: true, encoding: 'utf8' }).filter((rel) => rel.endsWith(`${path.sep}events.jsonl`));
  assert.ok(journals.length <= 1, `one run journal: ${journals.join(', ')}`);
  if (journals.length === 0) return [];
  return readFileSync(path.join(userDataDir, journals[0]!), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { type: string; scope?: Record<string, string>; decision?: string });
}

test('diff editor: review a whole run hunk by hunk from the keyboard; every view shows each decision at once', async (t) => {
  const server = await startScriptedServer(SCRIPT, { log: (line) => t.diagnostic(`scripted server: ${line}`) });
  const ws = await makeTempWorkspace({ 'src/math.js': MATH, 'public/app.js': APP, 'README.md': '# math\n' });
  const vscode = await launchVSCode({
    workspace: ws.root,
    theme: 'dark',
    settings: { 'squad.provider': 'openai', 'squad.baseUrl': server.openaiBaseUrl, 'squad.model': 'scripted-model', 'squad.autonomy': 'review-changes' },
    viewport: { width: 1920, height: 1080 },
  });
  const shots: string[] = [];
  const MATH_TAB = 'src/math.js (t1 backend)';
  const APP_TAB = 'public/app.js (t2 frontend)';
  try {
    // The run: the request typed into the palette's input box.
    await typeCommand(vscode, 'Squad: Request Feature');
    await vscode.page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Squad: Request Feature' }).waitFor({ state: 'visible' });
    await vscode.page.locator('.quick-input-widget input.input').fill('Numeric strings in the math helpers');
    await vscode.page.keyboard.press('Enter');
    await waitUntil('the run to finish', async () => journal(vscode.userDataDir).map((e) => e.type).filter((type) => type.startsWith('run.')), (types) => types.includes('run.finished'), 90_000);

    await typeCommand(vscode, 'Notifications: Clear All Notifications');

    // 1. Next Change from the palette opens the run's first hunk: math.js, its `add` (line 3).
    await typeCommand(vscode, 'Squad: Next Change');
    await waitUntil('the first hunk', () => where(vscode), (w) => w === `${MATH_TAB} @ Ln 3, Col 1`, 30_000);
    // Lenses: the file's (who changed it and why, its state, its actions) and one row per hunk.
    const first = await waitForLenses(vscode, 'file and hunks', (rows) => rows.length === 3);
    assert.equal(first[0], 'Accept File | Reject File | Request Changes… | 0 of 2 changes accepted | t1 backend — Coerce arguments to numbers');
    assert.deepEqual(first.slice(1), ['Accept | Reject | Request Changes…', 'Accept | Reject | Request Changes…']);
    // The diff takes the window's width (a lens row never wraps), so the screenshots show line 0's row whole.
    await typeCommand(vscode, 'View: Close Primary Side Bar');
    await vscode.page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 10_000 });
    await vscode.page.keyboard.press('Control+1');
    await vscode.parkMouse();
    shots.push(await vscode.screenshot('diff-review-dark-undecided', 800));

    // 2. The whole run from the keyboard. Alt+Y accepts the hunk at the cursor and moves on to the next undecided one.
    await press(vscode, 'Alt+KeyY', `${MATH_TAB} @ Ln 20, Col 1`);
    await waitForLenses(vscode, 'add accepted', (rows) => rows[1] === '✓ Accepted — Undo | Reject | Request Changes…');
    // Alt+/ : the next file, at its first undecided hunk.
    await press(vscode, 'Alt+Slash', `${APP_TAB} @ Ln 2, Col 1`);
    // Alt+, : the previous undecided hunk, back across files (math.js's `mul`).
    await press(vscode, 'Alt+Comma', `${MATH_TAB} @ Ln 20, Col 1`);
    // Alt+N rejects it; on to the last undecided hunk, in the next file.
    await press(vscode, 'Alt+KeyN', `${APP_TAB} @ Ln 2, Col 1`);
    await vscode.page.keyboard.press('Alt+KeyY');
    await waitForLenses(vscode, 'app.js accepted', (rows) => rows[0]?.startsWith('✓ File accepted — Undo') === true && rows[1] === '✓ Accepted — Undo | Reject | Request Changes…');
    // Everything is decided: Alt+. now visits decided hunks, wrapping to the run's first.
    await press(vscode, 'Alt+Period', `${MATH_TAB} @ Ln 3, Col 1`);
    const mathDecided = await waitForLenses(vscode, 'math.js decided', (rows) => rows.length === 3 && rows[2] === '✗ Rejected — Undo | Accept | Request Changes…');
    assert.equal(mathDecided[0], 'Accept File | Reject File | Request Changes… | 1 of 2 changes accepted, 1 rejected | t1 backend — Coerce arguments to numbers');
    assert.equal(mathDecided[1], '✓ Accepted — Undo | Reject | Request Changes…');
    await vscode.parkMouse();
    shots.push(await vscode.screenshot('diff-review-dark-decided', 800));

    // 3. The journal: one review.decided per key press, each on its hunk.
    const decided = journal(vscode.userDataDir).filter((e) => e.type === 'review.decided');
    assert.deepEqual(
      decided.map((d) => `${d.scope?.kind} ${d.scope?.taskId} ${d.scope?.path} ${d.decision}`),
      ['hunk t1 src/math.js accepted', 'hunk t1 src/math.js rejected', 'hunk t2 public/app.js accepted'],
    );
    assert.notEqual(decided[0]!.scope?.hunkId, decided[1]!.scope?.hunkId, 'two different hunks of math.js');

    // 4. The sidebar shows the same decisions (it reads the same state).
    await vscode.openViewContainer('Squad');
    const view = vscode.sidebarFrame();
    const mathHunks = view.locator('#task-t1 .file[data-path="src/math.js"] .hunk');
    const appHunks = view.locator('#task-t2 .file[data-path="public/app.js"] .hunk');
    for (const [taskId, file] of [['t1', 'src/math.js'], ['t2', 'public/app.js']] as const) {
      const task = view.locator(`#task-${taskId}`);
      await task.waitFor({ state: 'visible', timeout: 30_000 });
      if ((await task.locator('.task-toggle').first().getAttribute('aria-expanded')) !== 'true') await task.locator('.task-toggle').first().click();
      const row = task.locator(`.file[data-path="${file}"] .file-toggle`);
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    }
    const pressed = async () =>
      [
        await mathHunks.nth(0).locator('.decide-accept').getAttribute('aria-pressed'),
        await mathHunks.nth(1).locator('.decide-reject').getAttribute('aria-pressed'),
        await appHunks.nth(0).locator('.decide-accept').getAttribute('aria-pressed'),
      ].join(',');
    await waitUntil('the sidebar\'s pressed buttons', pressed, (p) => p === 'true,true,true', 20_000);
    assert.equal(await mathHunks.nth(0).locator('.decide-reject').getAttribute('aria-pressed'), 'false');

    // 5. A decision in the sidebar reaches the editor's lenses at once; the keyboard takes it back.
    await mathHunks.nth(0).locator('.decide-reject').click();
    await waitForLenses(vscode, 'the sidebar\'s rejection', (rows) => rows[1] === '✗ Rejected — Undo | Accept | Request Changes…');
    await vscode.page.keyboard.press('Control+1');
    await waitUntil('the diff focused', () => where(vscode), (w) => w === `${MATH_TAB} @ Ln 3, Col 1`, 20_000);
    await vscode.page.keyboard.press('Alt+KeyY');
    await waitForLenses(vscode, 'accepted again', (rows) => rows[1] === '✓ Accepted — Undo | Reject | Request Changes…');
    await waitUntil('the sidebar follows', () => mathHunks.nth(0).locator('.decide-accept').getAttribute('aria-pressed'), (p) => p === 'true', 20_000);

    // 6. A lens click: Undo on the rejected hunk makes it undecided (sidebar too); Alt+. finds it, Alt+N rejects it again.
    await vscode.page.locator(`${ACTIVE} .editor.modified .codelens-decoration a`).filter({ hasText: '✗ Rejected — Undo' }).click();
    await waitForLenses(vscode, 'undone', (rows) => rows[2] === 'Accept | Reject | Request Changes…');
    await waitUntil('the sidebar shows it undecided', () => mathHunks.nth(1).locator('.decisions').getAttribute('data-current'), (v) => v === 'undecided', 20_000);
    await vscode.page.keyboard.press('Control+1');
    await press(vscode, 'Alt+Period', `${MATH_TAB} @ Ln 20, Col 1`);
    await vscode.page.keyboard.press('Alt+KeyN');
    await waitForLenses(vscode, 'rejected again', (rows) => rows[2] === '✗ Rejected — Undo | Accept | Request Changes…');
    await waitUntil('the sidebar shows it rejected', () => mathHunks.nth(1).locator('.decisions').getAttribute('data-current'), (v) => v === 'rejected', 20_000);

    // Request Changes… hands the hunk's scope to that command: its box names the file (Escape sends nothing).
    await vscode.page.locator(`${ACTIVE} .editor.modified .codelens-decoration`).nth(2).locator('a').filter({ hasText: 'Request Changes…' }).click();
    await vscode.page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'src/math.js' }).waitFor({ state: 'visible' });
    await vscode.closeQuickInput();

    // 7. Review Changes lists the same decisions.
    await typeCommand(vscode, 'Squad: Review Changes');
    const rows = vscode.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    const picked = await waitUntil(
      'the decisions in Review Changes',
      async () => (await rows.allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim()),
      (texts) => texts.some((r) => /src\/math\.js.*t1 backend · 1 of 2 hunks accepted/.test(r)) && texts.some((r) => /public\/app\.js.*t2 frontend · accepted/.test(r)),
      20_000,
    );
    t.diagnostic(`review rows: ${picked.join(' | ')}`);
    // Its buttons decide too, and the sidebar (still showing behind it) follows at once: app.js rejected, then accepted again.
    const appRow = rows.filter({ hasText: 'public/app.js' });
    const appButton = async (label: string, verdict: string) => {
      await appRow.hover();
      await appRow.locator(`[aria-label="${label}"]`).click();
      await waitUntil(`the pick says ${verdict}`, () => appRow.innerText(), (text) => text.includes(`t2 frontend · ${verdict}`), 20_000);
    };
    await appButton('Reject File', 'rejected');
    await waitUntil('the sidebar follows the pick', () => appHunks.nth(0).locator('.decisions').getAttribute('data-current'), (v) => v === 'rejected', 20_000);
    await appButton('Accept File', 'accepted');
    await waitUntil('the sidebar follows the pick again', () => appHunks.nth(0).locator('.decisions').getAttribute('data-current'), (v) => v === 'accepted', 20_000);
    await vscode.closeQuickInput();

    // 8. The lenses in the light theme.
    await vscode.setColorTheme('Light 2026');
    await vscode.page.locator('.monaco-workbench.vs').waitFor({ state: 'attached', timeout: 30_000 });
    await waitForLenses(vscode, 'light', (rows) => rows.length === 3);
    await vscode.parkMouse();
    shots.push(await vscode.screenshot('diff-review-light-decided', 800));

    // 9. Apply: exactly the accepted hunks reach the disk; the sidebar's Apply button says it is done.
    await typeCommand(vscode, 'Squad: Apply Accepted Changes');
    const math = path.join(ws.root, 'src', 'math.js');
    await waitUntil('the apply on disk', () => readText(math), (text) => text?.includes('return Number(a) + Number(b);') === true, 30_000);
    assert.equal(await readText(math), MATH.replace('  return a + b;', '  return Number(a) + Number(b);'), 'add accepted, mul rejected');
    assert.equal(await readText(path.join(ws.root, 'public', 'app.js')), APP_NEW);
    const applyButton = view.locator('[data-act=applyAccepted]');
    await waitUntil('the Apply button', () => applyButton.innerText(), (label) => label.trim() === 'Applied', 20_000);
    assert.equal(await applyButton.isDisabled(), true);
    t.diagnostic(`screenshots: ${shots.join(', ')}`);
  } catch (err) {
    await reportFailure(vscode, 'diff-review', (line) => t.diagnostic(line));
    throw err;
  } finally {
    await vscode.dispose();
    await ws.dispose();
    await server.close();
  }
});
