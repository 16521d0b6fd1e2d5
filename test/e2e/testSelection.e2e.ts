/**
 * Test what is applied in a real VS Code (code-server + Chromium), against the
 * scripted model server and the real sandboxed runner: backend, frontend and QA propose; the
 * tests pass on all of it. The user accepts everything, then rejects the frontend task: the
 * review bar names QA as depending on it and says the tests ran on all proposals; the tests'
 * headline stops claiming a plain pass; Apply asks first (Cancel writes nothing). "Test the
 * selection" runs the approved command on exactly what is accepted, and the sidebar shows it
 * failing; Apply then says so and no longer offers the test. With QA's task rejected too, Apply →
 * Test First runs the tests on the backend's change alone, which pass, and then applies it. Screenshots:
 * test-results/e2e/sidebar-test-selection-dark-300.png (the review bar),
 * sidebar-test-selection-headline-dark-300.png (the tests' headline),
 * review-pick-dependents-dark.png (Review Changes naming the dependents) and
 * apply-question-untested-dark.png (Apply's question).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { selectionScript, SELECTION_FILES } from '../support/selectionProject';
import { startScriptedServer } from '../support/scriptedServer';
import { makeTempWorkspace } from '../support/tempWorkspace';
import { modalDialog, readText, reportFailure, requestInSidebar, waitUntil } from './extensionSteps';
import { launchVSCode } from './harness';

test('rejecting the frontend task names QA; "Test the selection" shows the accepted selection failing', async (t) => {
  const server = await startScriptedServer(selectionScript(), { log: (line) => t.diagnostic(`scripted server: ${line}`) });
  const ws = await makeTempWorkspace(SELECTION_FILES);
  const vscode = await launchVSCode({
    workspace: ws.root,
    theme: 'dark',
    settings: { 'squad.provider': 'openai', 'squad.baseUrl': server.openaiBaseUrl, 'squad.model': 'scripted-model', 'squad.autonomy': 'review-changes' },
    viewport: { width: 1400, height: 1000 },
  });
  const view = vscode.sidebarFrame();
  const gate = view.getByRole('region', { name: 'Test command approval' });
  try {
    await vscode.openViewContainer('Squad');
    const width = await vscode.setSidebarWidth(300);
    assert.ok(Math.abs(width - 300) <= 2, `the side bar is about 300 px wide (${width})`);

    await requestInSidebar(view, 'Show a price label');

    // The run asks once before the tests run; allowed for this run, they pass on every proposal.
    await gate.waitFor({ state: 'visible', timeout: 90_000 });
    await gate.getByRole('button', { name: /^Allow for this run/ }).click();
    const outcome = await waitUntil('the tests to settle', () => view.locator('.section-tests .section-extra').textContent({ timeout: 2_000 }), (x) => x !== null && !['', 'running', 'waiting for you'].includes(x) && !/failed$/.test(x), 120_000);
    assert.equal(outcome, 'passed', `the tests settled ${outcome}`);
    assert.match((await view.locator('.tests-headline').textContent()) ?? '', /The tests pass with the proposed changes.*All 3 tests pass/);

    // Accept everything, then reject the frontend task.
    await view.locator('.review-bar .review-all .decide-accept').click();
    await waitUntil('everything accepted', () => view.locator('.review-counts').textContent(), (x) => /3 accepted · 0 rejected · 0 undecided/.test(x ?? ''), 30_000);
    await view.locator('#task-t2 .task-toggle').click();
    await view.locator('#task-t2 .files-head .decide-reject').click();

    // The review bar names QA, and says the tests ran on something else than what is accepted.
    const warning = view.locator('.dependency-warning');
    await warning.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await warning.textContent(), 'frontend (t2) is rejected, but qa (t3) depends on it.');
    const differs = view.locator('.selection-differs');
    await differs.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await differs.locator('.selection-head').textContent(), 'Tests ran on all proposals; you accepted a different selection.');
    assert.equal(await differs.locator('.selection-why').textContent(), 'frontend (t2) rejected');
    // The tests' headline claims no more than it knows.
    const headline = (await view.locator('.tests-headline').textContent()) ?? '';
    assert.match(headline, /The tests pass on all proposals; the selection you accepted was not tested\./);
    assert.match(headline, /On all proposals: All 3 tests pass\./);

    // Apply asks once before writing an untested, different selection: Test First, Apply Anyway or Cancel.
    const applyButton = view.locator('.review-bar [data-act=applyAccepted]');
    await applyButton.click();
    const untested = await modalDialog(vscode, 20_000);
    assert.ok(untested, 'Apply asks before writing a selection the tests did not see');
    const untestedText = (await untested.innerText()).replace(/\s+/g, ' ');
    assert.match(untestedText, /the accepted selection was not tested/);
    assert.match(untestedText, /frontend \(t2\) is rejected, but qa \(t3\) depends on it\./);
    // The dialog orders its buttons by platform: compared as a set.
    assert.deepEqual((await untested.locator('.monaco-button').allTextContents()).sort(), ['Apply Anyway', 'Cancel', 'Test First']);
    const dialogShot = await vscode.screenshot('apply-question-untested-dark');
    await untested.locator('.monaco-button').filter({ hasText: /^Cancel$/ }).click();
    await untested.waitFor({ state: 'hidden' });
    assert.equal(await readText(path.join(ws.root, 'src/price.js')), SELECTION_FILES['src/price.js'], 'Cancel writes nothing');

    // Test the selection: the approved command on exactly what is accepted, in the sandbox.
    await differs.getByRole('button', { name: 'Run the approved test command on exactly the accepted selection' }).click();
    const result = differs.locator('.selection-run-head');
    await result.waitFor({ state: 'visible', timeout: 120_000 });
    assert.match((await result.textContent()) ?? '', /The tests fail on this selection/);
    assert.match((await result.locator('.selection-run-counts').textContent()) ?? '', /^1 passed · 1 failed/);
    assert.deepEqual(await differs.locator('.selection-failure .failure-test').allTextContents(), ['test/label.test.js']);
    assert.match((await view.locator('.tests-headline').textContent()) ?? '', /The tests pass on all proposals, but fail on the selection you accepted\./);
    assert.equal(await gate.isVisible(), false, 'the approved command ran without a new question');

    // Apply now says the tests fail on this selection, and no longer offers to test it again.
    await applyButton.click();
    const failing = await modalDialog(vscode, 20_000);
    assert.ok(failing, 'Apply asks before writing a selection whose tests fail');
    assert.match((await failing.innerText()).replace(/\s+/g, ' '), /the tests fail on the accepted selection.*On this selection: 1 passed, 1 failed: test\/label\.test\.js/);
    assert.deepEqual((await failing.locator('.monaco-button').allTextContents()).sort(), ['Apply Anyway', 'Cancel']);
    await failing.locator('.monaco-button').filter({ hasText: /^Cancel$/ }).click();
    await failing.waitFor({ state: 'hidden' });
    assert.equal(await readText(path.join(ws.root, 'src/label.js')), undefined, 'nothing applied');

    // The Review Changes quick pick names the dependents too, above the files.
    await vscode.runCommand('Squad: Review Changes');
    const items = await vscode.quickPickItems();
    assert.ok(items[0]?.includes('frontend (t2) is rejected, but qa (t3) depends on it.'), items.join(' | '));
    const pickShot = await vscode.screenshot('review-pick-dependents-dark');
    await vscode.page.keyboard.press('Escape');
    // Reject Task's pick names, under each task, the accepted tasks that depend on it.
    await vscode.runCommand('Squad: Reject Task');
    await vscode.quickPickItems();
    const rows = (await vscode.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts()).map((r) => r.replace(/\s+/g, ' '));
    const t2Row = rows.find((r) => r.includes('t2 · frontend'));
    assert.match(t2Row ?? '', /accepted qa \(t3\) depends on it/, rows.join(' | '));
    assert.doesNotMatch(rows.find((r) => r.includes('t3 · qa')) ?? 'no t3 row', /depends on it/, 'nothing accepted depends on QA');
    await vscode.page.keyboard.press('Escape');

    await vscode.parkMouse();
    await view.locator('.review-bar').evaluate((el) => (el as unknown as { scrollIntoView(o: unknown): void }).scrollIntoView({ block: 'end' }));
    const shot = await vscode.sidebarScreenshot('sidebar-test-selection-dark-300');
    await view.locator('.section-tests').evaluate((el) => (el as unknown as { scrollIntoView(o: unknown): void }).scrollIntoView({ block: 'start' }));
    const headlineShot = await vscode.sidebarScreenshot('sidebar-test-selection-headline-dark-300');
    t.diagnostic(`screenshots: ${shot}, ${headlineShot}, ${pickShot}, ${dialogShot}`);

    // Reject QA's task too: nothing accepted depends on a rejected task any more, and the failing
    // run was on another selection. Apply → Test First tests exactly the backend's change, which
    // passes, and only then writes it.
    await view.locator('#task-t3 .task-toggle').click();
    await view.locator('#task-t3 .files-head .decide-reject').click();
    await waitUntil('the warning gone', () => view.locator('.dependency-warning').count(), (n) => n === 0, 30_000);
    assert.equal(await differs.locator('.selection-why').textContent(), 'frontend (t2) rejected · qa (t3) rejected');
    assert.equal(await differs.locator('.selection-stale').textContent(), 'The last selection test was on another selection: it no longer counts.');
    await applyButton.click();
    const again = await modalDialog(vscode, 20_000);
    assert.ok(again, 'a different, untested selection: Apply asks again');
    assert.doesNotMatch((await again.innerText()).replace(/\s+/g, ' '), /depends on it/);
    await again.locator('.monaco-button').filter({ hasText: /^Test First$/ }).click();
    const applied = await waitUntil('the tested selection applied', () => readText(path.join(ws.root, 'src/price.js')), (x) => x?.includes('export function formatted()') === true, 120_000);
    assert.ok(applied?.startsWith(SELECTION_FILES['src/price.js']));
    assert.equal(await readText(path.join(ws.root, 'src/label.js')), undefined, 'the rejected task is not written');
    assert.equal(await readText(path.join(ws.root, 'test/label.test.js')), undefined);
    assert.match((await differs.locator('.selection-run-head').textContent()) ?? '', /The tests pass on this selection/);
  } catch (err) {
    t.diagnostic(`sidebar text: ${await view.locator('#app').innerText({ timeout: 2000 }).catch(String)}`);
    await reportFailure(vscode, 'test-selection', (line) => t.diagnostic(line));
    throw err;
  } finally {
    await vscode.dispose();
    await ws.dispose();
    await server.close();
  }
});
