/**
 * The trusted test loop in a real VS Code (code-server + Chromium), against the scripted model
 * server: the run asks before the test command first runs; the backend's proposal then changes
 * package.json's test script, so the run stops and asks again, and the sidebar's gate shows that
 * diff as the reason. The user answers "Allow for this run" in the sidebar and the tests run on
 * the proposal. Screenshots of the side bar at 300 px, dark and light, go to test-results/e2e/.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agentTurns, call, planTurn } from '../support/agentScripts';
import { startScriptedServer } from '../support/scriptedServer';
import { makeTempWorkspace } from '../support/tempWorkspace';
import { reportFailure, requestInSidebar, waitUntil } from './extensionSteps';
import { launchVSCode } from './harness';

const pkg = (testScript: string) => `${JSON.stringify({ name: 'mathlib', version: '1.0.0', type: 'module', scripts: { test: testScript } }, null, 2)}\n`;

const FILES = {
  'package.json': pkg('node --test'),
  'src/math.js': 'export function add(a, b) {\n  return a + b;\n}\n',
  'test/math.test.js': "import test from 'node:test';\nimport assert from 'node:assert/strict';\nimport { add } from '../src/math.js';\n\ntest('adds', () => {\n  assert.equal(add(2, 3), 5);\n});\n",
  'README.md': '# mathlib\n',
};

const PLAN = {
  summary: 'Let add take numeric strings, and give slow tests more time.',
  tasks: [{ id: 't1', role: 'backend', title: 'Coerce add\'s arguments', description: 'add in src/math.js takes numeric strings; the test script gets a timeout.', dependsOn: [] }],
};

const SCRIPT = {
  turns: [
    planTurn(PLAN),
    ...agentTurns('t1', [
      [call('read_file', { path: 'package.json' })],
      [
        call('propose_edit', { path: 'src/math.js', edits: [{ search: '  return a + b;', replace: '  return Number(a) + Number(b);' }] }),
        call('propose_edit', { path: 'package.json', edits: [{ search: '"test": "node --test"', replace: '"test": "node --test --test-timeout=20000"' }] }),
      ],
      [call('finish', { summary: 'add coerces its arguments; the tests get a 20 s timeout.' })],
    ]),
  ],
};

test('a proposal that changes the test script stops the run at the sidebar\'s gate with the diff; allowed for this run, the tests run', async (t) => {
  const server = await startScriptedServer(SCRIPT, { log: (line) => t.diagnostic(`scripted server: ${line}`) });
  const ws = await makeTempWorkspace(FILES);
  const vscode = await launchVSCode({
    workspace: ws.root,
    theme: 'dark',
    settings: { 'squad.provider': 'openai', 'squad.baseUrl': server.openaiBaseUrl, 'squad.model': 'scripted-model', 'squad.autonomy': 'review-changes' },
    viewport: { width: 1400, height: 1000 },
  });
  const shots: string[] = [];
  const view = vscode.sidebarFrame();
  const gate = view.getByRole('region', { name: 'Test command approval' });
  try {
    await vscode.openViewContainer('Squad');
    const width = await vscode.setSidebarWidth(300);
    t.diagnostic(`side bar width: ${width}px`);
    assert.ok(Math.abs(width - 300) <= 2, `the side bar is about 300 px wide (${width})`);

    await requestInSidebar(view, 'Let add take numeric strings');

    // 1. The first time, the run asks before the command ever runs: no diff, just what and where.
    await gate.waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal(await gate.locator('.tg-command > code').textContent(), 'npm test');
    assert.equal(await gate.locator('.tg-changes').count(), 0, 'nothing changed yet');
    const where = (await gate.locator('.tg-where').textContent()) ?? '';
    const sandboxed = where.startsWith('In a sandbox');
    t.diagnostic(`where: ${where}`);
    assert.deepEqual(await gate.getByRole('button').allTextContents(), [...(sandboxed ? ['Allow for this workspace'] : []), 'Allow for this run', "Don't run tests"]);
    await gate.getByRole('button', { name: /^Allow for this run/ }).click();

    // 2. t1's proposal changes the test script: the run stops again and shows why.
    await waitUntil('the question about the changed test script', () => gate.locator('.tg-changes').count(), (n) => n === 1, 90_000);
    assert.match((await gate.locator('.tg-title').textContent()) ?? '', /A proposal changed what the tests run \(package\.json\)/);
    assert.deepEqual(await gate.locator('.tg-change .line-del .code').allTextContents(), ['    "test": "node --test"']);
    assert.deepEqual(await gate.locator('.tg-change .line-add .code').allTextContents(), ['    "test": "node --test --test-timeout=20000"']);
    assert.equal(await view.locator('.round').count(), 0, 'no test ran on the proposal before the answer');
    assert.equal(await view.locator('.section-tests .section-extra').textContent(), 'waiting for you');
    assert.equal(await view.locator('.run-status').textContent(), 'Tests wait for your answer');
    await vscode.parkMouse();
    // The whole question in view: from its title down to its answers (the review bar sticks below).
    const showGate = () => gate.evaluate((el) => (el as unknown as { scrollIntoView(o: unknown): void }).scrollIntoView({ block: 'start' }));
    await showGate();
    shots.push(await vscode.sidebarScreenshot('sidebar-tests-gate-dark-300'));
    await vscode.setColorTheme('Light 2026');
    await vscode.page.locator('.monaco-workbench.vs').waitFor({ state: 'attached', timeout: 30_000 });
    await showGate();
    shots.push(await vscode.sidebarScreenshot('sidebar-tests-gate-light-300', 800));

    // 3. Allowed for this run: the gate closes and the tests run on the proposal.
    await gate.getByRole('button', { name: /^Allow for this run/ }).click();
    await gate.waitFor({ state: 'hidden', timeout: 30_000 });
    const outcome = await waitUntil('the tests to settle', () => view.locator('.section-tests .section-extra').textContent({ timeout: 2_000 }), (x) => x !== null && !['', 'running', 'waiting for you'].includes(x) && !/failed$/.test(x), 120_000);
    assert.equal(outcome, 'passed', `the tests settled ${outcome}`);
    const round = view.locator('.round').first();
    assert.match((await round.locator('.round-counts').textContent()) ?? '', /^1 passed · 0 failed/);
    assert.match((await view.locator('.tests-headline').textContent()) ?? '', /The tests pass with the proposed changes/);
    assert.equal(await view.locator('.tests-command > code').textContent(), 'npm test', 'the command as the user allowed it');
    await vscode.parkMouse();
    await view.locator('.section-tests').scrollIntoViewIfNeeded();
    shots.push(await vscode.sidebarScreenshot('sidebar-tests-passed-light-300'));
    await vscode.setColorTheme('Dark 2026');
    await vscode.page.locator('.monaco-workbench.vs-dark').waitFor({ state: 'attached', timeout: 30_000 });
    await view.locator('.section-tests').scrollIntoViewIfNeeded();
    shots.push(await vscode.sidebarScreenshot('sidebar-tests-passed-dark-300', 800));
    t.diagnostic(`screenshots: ${shots.join(', ')}`);
  } catch (err) {
    t.diagnostic(`sidebar text: ${await view.locator('#app').innerText({ timeout: 2000 }).catch(String)}`);
    await reportFailure(vscode, 'sidebar-tests', (line) => t.diagnostic(line));
    throw err;
  } finally {
    await vscode.dispose();
    await ws.dispose();
    await server.close();
  }
});
