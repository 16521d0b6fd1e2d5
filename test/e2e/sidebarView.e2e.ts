/**
 * The built sidebar (dist/webview.js, media/sidebar.css) in headless Chromium, fed the messages
 * the extension sends for a recorded run: what it shows, that an update touches only the elements
 * it concerns, what each control posts, the keyboard, and the state it keeps while hidden. The
 * same view inside real VS Code is tested in sidebarFlow.e2e.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { ToWebview, ViewModel } from '../../src/protocol/messages';
import { ViewTracker } from '../../src/vscode/view/tracker';
import { bigRunEvents, gateEvents, lastState, runEvents, stamp, testGateEvents, weakenedLoopEvents } from '../unit/webview/runFixture';
import { RESULTS_DIR } from './env';
import { launchChromium, openSidebarPage, type SidebarPage } from './sidebarPage';

const snapshot = (model: ViewModel, recent: string[] = []): ToWebview => ({ type: 'snapshot', model, recent });
const runModel = () => new ViewTracker().snapshot(lastState(stamp(runEvents(), 'run-1', 0, Date.now() - 60_000)), true);
const gateModel = () => new ViewTracker().snapshot(lastState(stamp(gateEvents())), false);

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser.close();
});

const NO_SANDBOX = { kind: 'none' as const, description: 'bubblewrap (bwrap) is not installed.' };
const testGateModel = async (busy = true, sandbox?: typeof NO_SANDBOX) =>
  new ViewTracker().snapshot(lastState(stamp(await testGateEvents(...(sandbox ? [sandbox] : [])), 'run-1', 0, Date.now() - 60_000)), busy);
const weakenedModel = async () => new ViewTracker().snapshot(lastState(stamp([...(await testGateEvents()), ...weakenedLoopEvents()], 'run-1', 0, Date.now() - 60_000)), false);

async function withPage(body: (p: SidebarPage) => Promise<void>, state?: unknown, width?: number): Promise<void> {
  const p = await openSidebarPage(browser, { ...(state === undefined ? {} : { state }), ...(width ? { width } : {}) });
  try {
    await body(p);
  } finally {
    await p.close();
  }
}

/** Where the page changed while `action` ran: the task card (its id), else the closest element with an id. */
async function mutatedAreas(p: SidebarPage, action: () => Promise<void>): Promise<string[]> {
  // The page's globals, loosely typed: this file is compiled without the DOM's types.
  type Node = { nodeType: number; parentElement: Node | null; closest?(selector: string): { id: string } | null };
  type Globals = { __areas: string[]; __observer: { observe(n: unknown, o: unknown): void; disconnect(): void }; MutationObserver: new (cb: (records: { target: Node }[]) => void) => Globals['__observer']; document: { body: unknown } };
  await p.page.evaluate(() => {
    const g = globalThis as unknown as Globals;
    g.__areas = [];
    g.__observer = new g.MutationObserver((records) => {
      for (const r of records) {
        const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        // The once-a-second clock of working tasks is not part of any update.
        if (el?.closest?.('.elapsed')) continue;
        g.__areas.push(el?.closest?.('li.task')?.id ?? el?.closest?.('[id]')?.id ?? '(no id)');
      }
    });
    g.__observer.observe(g.document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await action();
  return p.page.evaluate(() => {
    const g = globalThis as unknown as Globals;
    g.__observer.disconnect();
    return [...new Set(g.__areas)].sort();
  });
}

describe('the sidebar view in a browser', () => {
  it('shows the plan in layers, statuses, usage, and where each test failure went', async () => {
    await withPage(async (p) => {
      await p.send(snapshot(runModel()));
      const frame = p.page;
      assert.deepEqual(await frame.locator('.layer-head').allTextContents(), ['Step 11 task', 'Step 21 task', 'Step 32 tasks']);
      assert.equal(await frame.locator('#task-t4 .deps').textContent(), 't1t2');
      assert.equal(await frame.locator('#task-t2 .status-label').textContent(), 'fixing, round 1 of 3');
      assert.equal(await frame.locator('#task-t2 .cost').textContent(), 'cost unknown');
      assert.equal(await frame.locator('#task-t1 .cost').textContent(), '$0.0040');
      assert.equal(await frame.locator('#task-t3 .status-label').textContent(), 'failed');
      assert.match((await frame.locator('.run-status').textContent()) ?? '', /Running/);
      assert.match((await frame.locator('.run-totals').textContent()) ?? '', /tokens.*cost unknown/);
      const failures = await frame.locator('.failure').allTextContents();
      assert.match(failures[0]!, /rejects a bad dueDate.*src\/api\/tasks\.js:31.*backend \(t2\), fix round 1 of 3: fixing/);
      assert.match(failures[1]!, /lists users.*pre-existing/);
      assert.match(failures[2]!, /sorts tasks.*flaky/);
      assert.match((await frame.locator('.review-counts').textContent()) ?? '', /5 hunks: 0 accepted · 0 rejected · 5 undecided/);
    });
  });

  it('a streamed line, a usage change and a decision each touch only their own card', async () => {
    await withPage(async (p) => {
      const model = runModel();
      await p.send(snapshot(model));
      await p.page.click('#task-t2 .task-toggle');
      await p.page.click('#task-t2 .file-toggle[data-path="src/api/tasks.js"]');
      const before = await p.page.locator('#task-t2 .act').count();
      const streamed = await mutatedAreas(p, () => p.send({ type: 'patch', runId: 'run-1', ops: [{ op: 'activity', taskId: 't2', start: 2, items: [{ round: 1, tool: 'propose_edit', summary: 'edited src/api/tasks.js (+1 −1)', isError: false }] }] }));
      assert.deepEqual(streamed, ['task-t2'], 'only t2\'s card changed');
      assert.equal(await p.page.locator('#task-t2 .act').count(), before + 1);
      // Numbered as the card's history numbers rounds: the proposal was round 1, this fix is round 2.
      assert.equal(await p.page.locator('#task-t2 .act').last().textContent(), 'round 2edited src/api/tasks.js (+1 −1)');

      const t2 = model.tasks.find((t) => t.id === 't2')!;
      const usage = await mutatedAreas(p, () => p.send({ type: 'patch', runId: 'run-1', ops: [{ op: 'task', task: { ...t2, usage: { ...t2.usage, output: t2.usage.output + 5000 } } }] }));
      assert.deepEqual(usage, ['task-t2']);
      assert.equal(await p.page.locator('#task-t2 .tokens').textContent(), '11k tok');

      const file = model.files.t2!.find((f) => f.path === 'src/api/tasks.js')!;
      const [h1, h2] = file.hunks;
      await p.page.locator(`#task-t2 .hunk`).first().locator('.decide-accept').click();
      await p.page.locator(`#task-t2 .hunk`).nth(1).locator('.decide-reject').click();
      const posted = (await p.posted()).filter((m) => m.type === 'decide');
      assert.deepEqual(posted, [
        { type: 'decide', scope: { kind: 'hunk', taskId: 't2', path: 'src/api/tasks.js', hunkId: h1!.id }, decision: 'accepted' },
        { type: 'decide', scope: { kind: 'hunk', taskId: 't2', path: 'src/api/tasks.js', hunkId: h2!.id }, decision: 'rejected' },
      ]);
      const decided = await mutatedAreas(p, () =>
        p.send({ type: 'patch', runId: 'run-1', ops: [{ op: 'decisions', taskId: 't2', path: file.path, verdict: 'mixed', hunks: { [h1!.id]: 'accepted', [h2!.id]: 'rejected' } }] }),
      );
      assert.deepEqual(decided, ['task-t2']);
      const hunks = p.page.locator('#task-t2 .hunk');
      assert.match((await hunks.first().getAttribute('class')) ?? '', /decision-accepted/);
      assert.equal(await hunks.first().locator('.verdict').textContent(), 'accepted');
      assert.equal(await hunks.nth(1).locator('.verdict').textContent(), 'rejected', 'told in words, not only colour');
      assert.equal(await hunks.nth(1).locator('.decide-reject').getAttribute('aria-pressed'), 'true');
      assert.match((await hunks.nth(1).locator('.decide-reject').getAttribute('aria-label')) ?? '', /Press to restore it to undecided/);
      await hunks.nth(1).locator('.decide-reject').click();
      assert.deepEqual((await p.posted()).filter((m) => m.type === 'decide').at(-1)?.decision, 'undecided', 'a rejected hunk can be restored');
    });
  });

  it('the plan gate: edit a task, refuse a cycle with the core\'s message, add a task, run', async () => {
    await withPage(async (p) => {
      await p.send(snapshot(gateModel()));
      assert.equal(await p.page.locator('.gate').isVisible(), true);
      await p.page.click('#task-t2 .task-toggle');
      await p.page.click('#task-t2 [data-act=editTask]');
      const form = p.page.locator('#task-t2 form.task-form');
      await form.getByLabel('Title').fill('Accept and validate dueDate');
      await form.getByLabel('Role').selectOption('qa');
      await form.getByRole('checkbox', { name: /t3/ }).check();
      await form.getByRole('button', { name: 'Save' }).click();
      const edits = (await p.posted()).filter((m) => m.type === 'editPlan').map((m) => m.edit);
      // One Save, one edit: kept whole or refused whole.
      assert.deepEqual(edits, [{ kind: 'updateTask', taskId: 't2', title: 'Accept and validate dueDate', role: 'qa', dependsOn: ['t1', 't3'] }]);
      await p.send({ type: 'notice', area: 'plan', level: 'error', text: 'Nothing was changed: t2 → t3 → t2 is a cycle: each task would wait for the next, so none could start.', details: [] });
      // Refused: the form stays open with what the user typed, the problem named in it.
      assert.match((await form.locator('.form-problem').textContent()) ?? '', /t2 → t3 → t2 is a cycle/);
      assert.equal(await form.getByLabel('Title').inputValue(), 'Accept and validate dueDate');
      assert.equal(await form.getByRole('checkbox', { name: /t3/ }).isChecked(), true);
      await form.getByRole('button', { name: 'Cancel' }).click();

      await p.page.click('[data-act=showAddTask]');
      const add = p.page.locator('.add-task form');
      await add.getByLabel('Title').fill('Document due dates');
      await add.getByLabel('Description').fill('README section on due dates.');
      await add.getByRole('button', { name: 'Add task' }).click();
      assert.deepEqual((await p.posted()).filter((m) => m.type === 'editPlan').at(-1)?.edit, { kind: 'addTask', task: { role: 'database', title: 'Document due dates', description: 'README section on due dates.', dependsOn: [] } });
      await p.page.getByRole('button', { name: 'Run the plan as it stands' }).click();
      assert.equal((await p.posted()).at(-1)?.type, 'approvePlan');
    });
  });

  it('every control has a name and the keyboard reaches and works them', async () => {
    await withPage(async (p) => {
      await p.send(snapshot(runModel(), ['Earlier request']));
      const unnamed = await p.page.locator('button, textarea, input, select').evaluateAll((els) =>
        els.filter((e) => !(e.getAttribute('aria-label') || e.textContent?.trim() || (e.id && e.ownerDocument.querySelector(`label[for="${e.id}"]`)))).map((e) => e.outerHTML.slice(0, 80)),
      );
      assert.deepEqual(unnamed, []);
      await p.page.locator('#request-text').focus();
      await p.page.keyboard.type('Add tags to tasks');
      await p.page.keyboard.press('Control+Enter');
      assert.deepEqual((await p.posted()).at(-1), { type: 'requestFeature', text: 'Add tags to tasks' });
      // Tab to the first task's toggle and open it with the keyboard.
      for (let i = 0; i < 40; i++) {
        await p.page.keyboard.press('Tab');
        if (await p.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { dataset?: { task?: string } } | null } }).document.activeElement?.dataset?.task === 't1')) break;
      }
      await p.page.keyboard.press('Enter');
      assert.equal(await p.page.locator('#task-t1 .task-toggle').getAttribute('aria-expanded'), 'true');
      assert.equal(await p.page.locator('#task-body-t1').isVisible(), true);
    });
  });

  it('keeps open tasks, open files and the unsent request across hide and show', async () => {
    let saved: unknown;
    await withPage(async (p) => {
      await p.send(snapshot(runModel()));
      await p.page.click('#task-t2 .task-toggle');
      await p.page.click('#task-t2 .file-toggle[data-path="src/api/dates.js"]');
      await p.page.fill('#request-text', 'half-written request');
      saved = await p.savedState();
    });
    assert.deepEqual(saved, { v: 1, runId: 'run-1', expandedTasks: ['t2'], expandedFiles: ['t2:src/api/dates.js'], collapsedSections: [], scrollTop: 0, draft: 'half-written request', dismissedResume: null });
    await withPage(async (p) => {
      assert.equal(await p.page.inputValue('#request-text'), 'half-written request');
      await p.send(snapshot(runModel()));
      assert.equal(await p.page.locator('#task-t2 .task-toggle').getAttribute('aria-expanded'), 'true');
      assert.equal(await p.page.locator('#task-t2 .file[data-path="src/api/dates.js"] .hunk').count(), 1);
      assert.equal(await p.page.locator('#task-t1 .task-toggle').getAttribute('aria-expanded'), 'false');
    }, saved);
  });

  it('drops a malformed message with a log line to the extension, and keeps working', async () => {
    await withPage(async (p) => {
      await p.send(snapshot(runModel()), { type: 'patch', runId: 'run-1', ops: [{ op: 'task', task: { id: 't1' } }] }, { type: 'mystery' });
      const logs = (await p.posted()).filter((m) => m.type === 'log');
      assert.equal(logs.length, 2);
      assert.match(String(logs[0]?.text), /dropped a malformed message \("patch"\)/);
      assert.equal(await p.page.locator('#task-t1 .status-label').textContent(), 'proposed');
      await p.send({ type: 'patch', runId: 'other-run', ops: [] });
      assert.equal((await p.posted()).at(-1)?.type, 'ready', 'a patch of another run asks for a snapshot');
    });
  });

  it('the test gate says what runs, where, and shows the diff that is why it asks again; a button answers once', async () => {
    await withPage(async (p) => {
      await p.send(snapshot(await testGateModel()));
      const gate = p.page.getByRole('region', { name: 'Test command approval' });
      assert.equal(await gate.isVisible(), true);
      assert.match((await gate.locator('.tg-title').textContent()) ?? '', /A proposal changed what the tests run \(package\.json, scripts\/seed\.js\)/);
      assert.equal(await gate.locator('.tg-command > code').textContent(), 'npm test');
      assert.equal(await gate.locator('.tg-command .runs-as code').textContent(), 'npm test -- --test-reporter=tap', 'the line that runs, one click away');
      assert.match((await gate.locator('.tg-where').textContent()) ?? '', /^In a sandbox: bubblewrap/);
      assert.match((await gate.locator('.tg-changes-head').textContent()) ?? '', /this is why Squad asks again/);
      assert.deepEqual(await gate.locator('.tg-change .line-add .code').allTextContents(), ['    "test": "node --test && node scripts/seed.js"', 'seed()']);
      assert.deepEqual(await gate.locator('.tg-change .line-del .code').allTextContents(), ['    "test": "node --test"']);
      assert.equal(await p.page.locator('.section-tests .section-extra').textContent(), 'waiting for you');
      assert.equal(await p.page.locator('.run-status').textContent(), 'Tests wait for your answer', 'the run header says it too');
      // It fits the default sidebar width: nothing scrolls sideways.
      assert.equal(await p.page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth <= 300), true);

      // The Tests section closed: the question stays in sight.
      await p.page.click('.section-tests .section-toggle');
      assert.equal(await gate.isVisible(), true);

      const names = await gate.getByRole('button').allTextContents();
      assert.deepEqual(names, ['Allow for this workspace', 'Allow for this run', "Don't run tests"]);
      // The keyboard reaches the answer and gives it.
      await gate.getByRole('button', { name: 'Allow for this workspace: npm test, in the sandbox, until what it runs changes' }).focus();
      await p.page.keyboard.press('Tab');
      await p.page.keyboard.press('Enter');
      const gateId = (await testGateModel()).tests.gate!.id;
      assert.deepEqual((await p.posted()).filter((m) => m.type === 'answerTests'), [{ type: 'answerTests', answer: 'run', question: gateId }]);
      assert.deepEqual(await gate.getByRole('button').evaluateAll((bs) => bs.map((b) => (b as unknown as { disabled: boolean }).disabled)), [true, true, true], 'no second answer to the same question');
      await gate.getByRole('button', { name: "Don't run tests" }).click({ force: true });
      assert.equal((await p.posted()).filter((m) => m.type === 'answerTests').length, 1);

      // The run journals the answer: the gate goes.
      const model = await testGateModel();
      await p.send({ type: 'patch', runId: 'run-1', ops: [{ op: 'tests', tests: { ...model.tests, gate: undefined } }] });
      assert.equal(await gate.isVisible(), false);
    }, undefined, 300);
  });

  it('without a sandbox: a plain warning, and nothing is allowed for the whole workspace', async () => {
    await withPage(async (p) => {
      await p.send(snapshot(await testGateModel(true, NO_SANDBOX)));
      const gate = p.page.getByRole('region', { name: 'Test command approval' });
      const where = (await gate.locator('.tg-unsandboxed').textContent()) ?? '';
      assert.match(where, /No sandbox here: the command runs with your rights on this machine, and is allowed for this run only/);
      assert.match(where, /bubblewrap \(bwrap\) is not installed/);
      assert.deepEqual(await gate.getByRole('button').allTextContents(), ['Allow for this run', "Don't run tests"]);
      await gate.getByRole('button', { name: "Don't run tests" }).click();
      assert.deepEqual((await p.posted()).at(-1), { type: 'answerTests', answer: 'deny', question: (await testGateModel(true, NO_SANDBOX)).tests.gate!.id });
    }, undefined, 300);
  });

  it('a question whose run stopped (a reload) offers no answer: resuming asks again', async () => {
    await withPage(async (p) => {
      await p.send(snapshot(await testGateModel(false)));
      const gate = p.page.getByRole('region', { name: 'Test command approval' });
      assert.equal(await gate.getByRole('button').count(), 0);
      assert.match((await gate.locator('.tg-stopped').textContent()) ?? '', /Resume the run to be asked again/);
      assert.notEqual(await p.page.locator('.run-status').textContent(), 'Tests wait for your answer', 'nothing waits on a stopped run');
      const model = await testGateModel(true);
      await p.send({ type: 'patch', runId: 'run-1', ops: [{ op: 'run', run: model.run }] });
      assert.equal(await gate.getByRole('button').count(), 3, 'resumed: the same question, answerable again');
    });
  });

  it('a pass that rests on a loosened test is never green: the header, the round, the card\'s badge, the assertions, the dispute, the runner-up and the apply that did not happen', async () => {
    await withPage(async (p) => {
      await p.send(snapshot(await weakenedModel()));
      const headline = p.page.locator('.tests-headline');
      assert.equal(await headline.locator('strong').textContent(), 'Tests pass only because a fix loosened a test — review it.');
      assert.match((await headline.getAttribute('class')) ?? '', /tone-warn/);
      assert.equal(await p.page.locator('.section-tests .section-extra').textContent(), 'weakened: review');
      const rounds = p.page.locator('.round');
      assert.match((await rounds.nth(1).getAttribute('class')) ?? '', /round-weakened/);
      assert.equal(await rounds.nth(1).locator('.icon-pass').count(), 0, 'no pass icon on the round that passed with a loosened test');
      assert.equal(await p.page.locator('.round-ok').count(), 0);
      assert.equal(await p.page.locator('#task-t2 .weakened-badge').textContent(), 'weakened test: rejects a bad dueDate');
      assert.match((await p.page.locator('#task-t2 .task-toggle').getAttribute('aria-label')) ?? '', /loosened a test: rejects a bad dueDate/);
      assert.equal(await p.page.locator('#task-t1 .weakened-badge').isVisible(), false);
      assert.deepEqual(await p.page.locator('.weakened-assertions code').allTextContents(), ['assert.equal(res.status, 400);']);
      assert.equal(await p.page.locator('.dispute').textContent(), 't2 disputes \'due dates sort by day, then by priority\': the task asks for sorting by due date only');
      assert.equal(await p.page.locator('.failure-runner-up').textContent(), 'Also possible: database (t1) in src/db/tasks.js: the test reads the column t1 added');
      assert.equal(await p.page.locator('.tests-command > code').textContent(), 'npm test', 'the command as allowed');
      assert.equal(await p.page.locator('.tests-command .runs-as code').textContent(), 'npm test -- --test-reporter=tap');
      assert.equal(await p.page.locator('.tests-baseline summary').textContent(), '3 tests already failed before the squad\'s changes: not routed to any agent.');
      await p.page.locator('.tests-baseline summary').click();
      assert.deepEqual(await p.page.locator('.baseline-failing li').allTextContents(), ['lists users', 'due dates sort by day', 'archives old tasks']);
      assert.match((await p.page.locator('.review-bar .not-applied').textContent()) ?? '', /^Nothing was applied: the tests pass only because a fix loosened a failing test/);
    });
  });

  it('200 tasks and 2,000 hunks all open: what is off-screen waits as a placeholder, and scrolling, the keyboard and a streamed hunk reach it', async () => {
    const model = new ViewTracker().snapshot(lastState(stamp(bigRunEvents(200, 5))), true);
    const allOpen = {
      v: 1, runId: 'run-1', collapsedSections: [], scrollTop: 0, draft: '', expandedTasks: model.order,
      expandedFiles: Object.entries(model.files).flatMap(([taskId, files]) => files.map((f) => `${taskId}:${f.path}`)),
    };
    // The page's document, loosely typed: this file is compiled without the DOM's types.
    type Doc = { activeElement: { closest(s: string): unknown; tagName: string; dataset: Record<string, string> } | null; scrollingElement: { scrollTop: number } };
    await withPage(async (p) => {
      await p.send(snapshot(model));
      const page = p.page;
      assert.equal(await page.locator('.task-body').count(), 200, 'every task is open');
      assert.ok(await page.locator('.task-body.unbuilt').count() >= 190, 'bodies far below wait as placeholders');
      assert.ok(await page.locator('#task-t1 .hunk:not(.unbuilt) .line').count() > 0, 'the first task, in view, is drawn');
      assert.equal(await page.locator('#task-t200 .line').count(), 0);
      assert.equal(await page.locator('#task-body-t200').getAttribute('aria-expanded'), null);
      assert.equal(await page.locator('#task-t200 .task-toggle').getAttribute('aria-expanded'), 'true', 'screen readers hear it open');
      await page.screenshot({ path: `${RESULTS_DIR}/sidebar-200-tasks-open.png` });

      // Scrolled to the last task, then to its last hunk: both are drawn, at about their estimated height.
      const estimated = parseFloat((await page.locator('#task-body-t200').getAttribute('style'))?.match(/height: ([\d.]+)px/)?.[1] ?? 'NaN');
      await page.locator('#task-t200').scrollIntoViewIfNeeded();
      await page.waitForFunction('!document.querySelector("#task-body-t200").classList.contains("unbuilt")');
      await page.locator('#task-t200 .hunk').last().scrollIntoViewIfNeeded();
      await page.waitForFunction('[...document.querySelectorAll("#task-t200 .hunk")].at(-1).querySelector(".line") !== null');
      const lastHunk = page.locator('#task-t200 .file[data-path="src/m200/b.js"] .hunk').last();
      assert.ok((await lastHunk.locator('.line-add .code').allTextContents()).includes('file line 60 // changed'));
      assert.equal(await lastHunk.locator('.decide-accept').getAttribute('aria-label'), 'Accept hunk 5 of 5 in src/m200/b.js');
      const real = (await page.locator('#task-body-t200').boundingBox())?.height ?? NaN;
      assert.ok(Math.abs(real - estimated) / real < 0.1, `placeholder ${estimated}px, drawn ${real}px`);
      await page.screenshot({ path: `${RESULTS_DIR}/sidebar-200-tasks-last-hunk.png` });

      // The keyboard: Tab from t150's head lands on its unbuilt body, which is built and entered.
      assert.equal(await page.locator('#task-body-t150').getAttribute('class'), 'task-body unbuilt');
      await page.locator('#task-t150 .deps button').last().evaluate((b) => (b as unknown as { focus(o: unknown): void }).focus({ preventScroll: true }));
      await page.keyboard.press('Tab');
      assert.equal(await page.locator('#task-body-t150').getAttribute('class'), 'task-body');
      assert.equal(await page.evaluate(() => {
        const active = (globalThis as unknown as { document: Doc }).document.activeElement;
        return active?.closest('#task-body-t150') !== null && active?.tagName === 'BUTTON';
      }), true, 'focus went on into the body');

      // A hunk streamed into t1's open file: the hunk with the focus keeps it, the new one is drawn.
      await page.evaluate(() => {
        (globalThis as unknown as { document: Doc }).document.scrollingElement.scrollTop = 0;
      });
      const accept = page.locator('#task-t1 .file[data-path="src/m1/a.js"] .hunk').first().locator('.decide-accept');
      await accept.focus();
      const files = structuredClone(model.files.t1!);
      files[0]!.hunks.push({ id: 'streamed', oldStart: 69, oldLines: 1, newStart: 69, newLines: 2, lines: [' file line 69', '+streamed line'], decision: 'undecided' });
      files[0]!.added++;
      await p.send({ type: 'patch', runId: 'run-1', ops: [{ op: 'files', taskId: 't1', files }] });
      assert.equal(await page.evaluate(() => (globalThis as unknown as { document: Doc }).document.activeElement?.dataset.hunk), model.files.t1![0]!.hunks[0]!.id, 'the focus stayed on its button');
      assert.equal(await accept.evaluate((b) => b === (globalThis as unknown as { document: Doc }).document.activeElement), true, 'the very same element');
      assert.equal(await accept.getAttribute('aria-label'), 'Accept hunk 1 of 6 in src/m1/a.js', 'renamed in place');
      await page.locator('#task-t1 .file[data-path="src/m1/a.js"] .hunk').last().scrollIntoViewIfNeeded();
      await page.waitForFunction('[...document.querySelectorAll("#task-t1 .file .hunk")].some((h) => h.textContent.includes("streamed line"))');
    }, allOpen);
  });
});
