/**
 * The sidebar and the status bar tell the same truth as the run's journal, in a real VS Code
 * (code-server + Chromium) against the scripted model server. At each step the sidebar's header
 * (status, progress, tokens, Resume / Cancel), the status bar item's text and the journal
 * (events.jsonl in the workspace storage, projected by the core's reducer) are read and compared:
 *
 *  1. a plan cancelled at the gate: "Cancelled" in both, the journal ends cancelled;
 *  2. run from the gate, cancelled while a task works: "Cancelled", Resume offered;
 *  3. Resume in the sidebar resumes that run (no picker): "Running" while it works, then "Completed";
 *  4. a second run, the window reloaded mid-run: "Interrupted" in both, the journal has no end, no
 *     spinner, and the sidebar's Resume stays (after the toast has gone, and after another reload)
 *     until Dismiss puts it away; Squad: Resume Run completes it;
 *  5. a third run whose planner gets a non-retryable 400: "Failed", no Resume, one readable line
 *     with the provider's body folded.
 *
 * Screenshots go to test-results/e2e/run-truth-*.png.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { projectRun, type RunState } from '../../src/core/run/reduce';
import type { RunEvent } from '../../src/core/run/events';
import { deriveRunDisplay } from '../../src/vscode/host/runDisplay';
import { agentTurns, call } from '../support/agentScripts';
import type { Script, ScriptedTurn } from '../support/script';
import { startScriptedServer } from '../support/scriptedServer';
import { makeTempWorkspace } from '../support/tempWorkspace';
import { reportFailure, requestInSidebar, squadStatusText, waitUntil } from './extensionSteps';
import { launchVSCode, type VSCodeSession } from './harness';

const REQUEST_1 = 'Let add take numeric strings';
const REQUEST_2 = 'Let mul take numeric strings';
const REQUEST_3 = 'Let sub take numeric strings';

/** The planner's answer to one request only (each run of this test plans something else). */
function plannerFor(request: string, plan: unknown): ScriptedTurn {
  return {
    name: `planner: ${request}`,
    match: { contains: ['submit_plan', request], notContains: ['Your task ('] },
    reply: { toolCalls: [{ name: 'submit_plan', arguments: plan }], usage: { input: 1200, output: 300 } },
  };
}

const task = (id: string, title: string, dependsOn: string[] = []) => ({ id, role: 'backend', title, description: `${title} in src/math.js.`, dependsOn });

const SCRIPT: Script = {
  turns: [
    plannerFor(REQUEST_1, { summary: 'add takes numeric strings.', tasks: [task('a1', 'Coerce add'), task('a2', 'Document add', ['a1'])] }),
    plannerFor(REQUEST_2, { summary: 'mul takes numeric strings.', tasks: [task('m1', 'Coerce mul'), task('m2', 'Document mul')] }),
    {
      name: 'planner: 400',
      match: { contains: ['submit_plan', REQUEST_3], notContains: ['Your task ('] },
      fault: { kind: 'status', status: 400, message: "Unsupported parameter: 'temperature' is not supported with this model. The request body was {\"model\":\"scripted-model\",\"temperature\":0.2,\"messages\":[...]}" },
    },
    // The first turn of a1, m1 and m2 is slow: long enough to cancel, or reload the window, while they work.
    ...agentTurns('a1', [[call('read_file', { path: 'src/math.js' })], [call('propose_edit', { path: 'src/math.js', edits: [{ search: '  return a + b;', replace: '  return Number(a) + Number(b);' }] })], [call('finish', { summary: 'add coerces.' })]], { delayMs: 6000 }),
    ...agentTurns('a2', [[call('finish', { summary: 'Nothing to document.' })]]),
    ...agentTurns('m1', [[call('read_file', { path: 'src/math.js' })], [call('propose_edit', { path: 'src/math.js', edits: [{ search: '  return a * b;', replace: '  return Number(a) * Number(b);' }] })], [call('finish', { summary: 'mul coerces.' })]], { delayMs: 8000 }),
    ...agentTurns('m2', [[call('read_file', { path: 'README.md' })], [call('finish', { summary: 'Nothing to document.' })]], { delayMs: 8000 }),
  ],
};

const FILES = {
  'src/math.js': 'export function add(a, b) {\n  return a + b;\n}\n\nexport function mul(a, b) {\n  return a * b;\n}\n',
  'README.md': '# math\n',
};

/** What the sidebar's header shows. */
interface HeaderView {
  readonly runId: string;
  readonly label: string;
  readonly progress: string;
  readonly usage: string;
  readonly elapsed: string;
  readonly resume: boolean;
  readonly cancel: boolean;
  readonly spinners: number;
}

async function readHeader(view: FrameLocator): Promise<HeaderView> {
  const header = view.locator('section.run');
  const text = async (selector: string) => ((await header.locator(selector).first().textContent({ timeout: 2000 })) ?? '').trim();
  return {
    runId: (await header.locator('[data-act=resumeRun]').getAttribute('data-run', { timeout: 2000 })) ?? '',
    label: await text('.run-status'),
    progress: await text('.run-progress'),
    usage: await text('.tokens'),
    elapsed: await text('.elapsed'),
    resume: await header.locator('[data-act=resumeRun]').isVisible(),
    cancel: await header.locator('[data-act=cancel]').isVisible(),
    spinners: await view.locator('.task.status-running, .task.status-fixing').count(),
  };
}

/** Every events.jsonl of the workspace's storage (code-server keeps user data on its side). */
async function journals(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const rel of await fs.readdir(root, { recursive: true, encoding: 'utf8' })) if (rel.endsWith(`${path.sep}events.jsonl`)) out.push(path.join(root, rel));
  return out;
}

/** The journal of the run started with `request`, as the core projects it. */
async function readJournal(vscode: VSCodeSession, request: string): Promise<{ events: RunEvent[]; state: RunState }> {
  for (const file of await journals(path.join(vscode.userDataDir, 'User', 'workspaceStorage'))) {
    const lines = (await fs.readFile(file, 'utf8')).split('\n').filter((l) => l.trim() !== '');
    const events: RunEvent[] = [];
    for (const line of lines) {
      // A line being written as we read is left for the next poll.
      try {
        events.push(JSON.parse(line) as RunEvent);
      } catch {
        break;
      }
    }
    const first = events[0];
    if (first?.type === 'run.started' && first.request === request) return { events, state: projectRun(events) };
  }
  throw new Error(`no journal of "${request}" yet`);
}

interface Truth {
  readonly header: HeaderView;
  readonly status: string;
  readonly journal: { readonly events: RunEvent[]; readonly state: RunState };
}

/**
 * Reads the three and checks they agree: the header's label, progress and usage are what the
 * journal's projection derives with `live`, and the status bar says the same label, counts and usage.
 */
async function agreed(vscode: VSCodeSession, view: FrameLocator, request: string, live: boolean, dismissed = false): Promise<Truth> {
  const header = await readHeader(view);
  const status = await squadStatusText(vscode);
  const journal = await readJournal(vscode, request);
  const expected = deriveRunDisplay(journal.state, live);
  const problems: string[] = [];
  if (header.label !== expected.label) problems.push(`header label "${header.label}" vs journal "${expected.label}"`);
  if (header.progress !== expected.progress) problems.push(`header progress "${header.progress}" vs journal "${expected.progress}"`);
  if (header.usage !== expected.usage) problems.push(`header usage "${header.usage}" vs journal "${expected.usage}"`);
  const line = ['Squad: ' + expected.label, ...(expected.progressShort ? [expected.progressShort] : []), expected.usage].join(' · ');
  if (!status.endsWith(line)) problems.push(`status bar "${status}" vs "${line}"`);
  if (header.resume !== (expected.resume && !live && !dismissed)) problems.push(`Resume shown: ${header.resume}, offered: ${expected.resume}, dismissed: ${dismissed}`);
  if (header.cancel !== live) problems.push(`Cancel shown: ${header.cancel}, live: ${live}`);
  if (problems.length > 0) throw new Error(problems.join('; '));
  return { header, status, journal };
}

/** Waits until the three agree on `label`. */
function agreeOn(vscode: VSCodeSession, view: FrameLocator, request: string, label: string, live: boolean, timeoutMs = 60_000, dismissed = false): Promise<Truth> {
  return waitUntil(`sidebar, status bar and journal to agree on "${label}"`, () => agreed(vscode, view, request, live, dismissed), (t) => t.header.label === label, timeoutMs);
}

/** Milliseconds of a duration as src/protocol/numbers.ts writes it ("3.2s", "42s", "1m 05s"). */
function durationMs(text: string): number {
  const m = /^(?:(\d+)m )?(\d+(?:\.\d)?)s$/.exec(text);
  if (!m) throw new Error(`not a duration: "${text}"`);
  return (Number(m[1] ?? 0) * 60 + Number(m[2])) * 1000;
}

const lastEnd = (events: readonly RunEvent[]) => [...events].reverse().find((e) => e.type === 'run.finished' || e.type === 'run.failed');

test('the sidebar and the status bar agree with the journal after cancel, resume, reload, an interrupted and a failed run', async (t) => {
  const server = await startScriptedServer(SCRIPT, { log: (line) => t.diagnostic(`scripted server: ${line}`) });
  const ws = await makeTempWorkspace(FILES);
  const vscode = await launchVSCode({
    workspace: ws.root,
    theme: 'dark',
    settings: { 'squad.provider': 'openai', 'squad.baseUrl': server.openaiBaseUrl, 'squad.model': 'scripted-model', 'squad.concurrency': 2 },
    viewport: { width: 1400, height: 1000 },
  });
  const view = vscode.sidebarFrame();
  const shots: string[] = [];
  const shot = async (name: string) => shots.push(await vscode.screenshot(`run-truth-${name}`));
  const request = (text: string) => requestInSidebar(view, text);
  const openSidebar = () =>
    // The workbench may or may not reopen the Squad view after a reload; clicking it when open would close it.
    waitUntil('the Squad view after the reload', async () => {
      if (await view.locator('#app').isVisible().catch(() => false)) return true;
      if (!(await vscode.page.locator('.part.sidebar').isVisible())) {
        await vscode.openViewContainer('Squad');
        await view.locator('#app').waitFor({ timeout: 10_000 }).catch(() => undefined);
      }
      return false;
    }, (shown) => shown, 60_000);
  try {
    await vscode.openViewContainer('Squad');

    // 1. The plan gate, then Cancel Run there: both say Cancelled, as the journal does.
    await request(REQUEST_1);
    await agreeOn(vscode, view, REQUEST_1, 'Plan ready for review', false);
    const planToast = await vscode.waitForNotification('Squad: Plan ready for review', 30_000);
    await vscode.runCommand('Squad: Cancel Run');
    const atGate = await agreeOn(vscode, view, REQUEST_1, 'Cancelled', false);
    // Nothing waits at a cancelled gate: its notification goes with it.
    await planToast.waitFor({ state: 'detached', timeout: 20_000 });
    assert.equal(lastEnd(atGate.journal.events)?.type, 'run.finished');
    assert.match(atGate.status, /Squad: Cancelled · plan not approved/);
    assert.equal(atGate.header.resume, false, 'at the gate its own Run goes on');
    await view.locator('.gate').waitFor({ state: 'visible' });
    await shot('1-cancelled-at-gate');

    // 2. Run from the gate; cancel while a1 works.
    await view.getByRole('button', { name: 'Run the plan as it stands' }).click();
    const running = await agreeOn(vscode, view, REQUEST_1, 'Running', true);
    await waitUntil('a1 to work', () => readHeader(view), (h) => h.spinners === 1);
    assert.match(running.status, /Squad: Running · 0\/2 done · 1 working/);
    await view.locator('section.run [data-act=cancel]').click();
    const cancelled = await agreeOn(vscode, view, REQUEST_1, 'Cancelled', false);
    assert.equal((lastEnd(cancelled.journal.events) as { outcome?: string } | undefined)?.outcome, 'cancelled');
    assert.equal(cancelled.header.resume, true);
    assert.equal(cancelled.header.spinners, 0);
    assert.notEqual(cancelled.header.elapsed, '0s');
    await shot('2-cancelled');

    // 3. Resume from the sidebar: this run, no picker; Running while it works (not a red Cancelled).
    const runId = cancelled.header.runId;
    assert.equal(runId, cancelled.journal.state.runId, 'the Resume button names the run it shows');
    await view.locator('section.run [data-act=resumeRun]').click();
    const resumed = await agreeOn(vscode, view, REQUEST_1, 'Running', true, 20_000);
    assert.equal(await vscode.page.locator('.quick-input-widget').isVisible(), false, 'no picker of runs opened');
    assert.ok(resumed.journal.events.some((e) => e.type === 'task.retried'), 'the journal has the resume');
    const elapsedA = resumed.header.elapsed;
    await waitUntil('the clock to tick while it works', () => readHeader(view), (h) => h.label !== 'Running' || h.elapsed !== elapsedA, 10_000);
    await shot('3-resumed-running');
    const completed = await agreeOn(vscode, view, REQUEST_1, 'Completed', false, 90_000);
    assert.equal((lastEnd(completed.journal.events) as { outcome?: string } | undefined)?.outcome, 'completed');
    assert.match(completed.status, /Squad: Completed · 2\/2 done/);
    assert.equal(completed.header.resume, false);
    await shot('3-completed');

    // 4. A second run; the window reloads while m1 and m2 work.
    const started2 = Date.now();
    await request(REQUEST_2);
    await agreeOn(vscode, view, REQUEST_2, 'Plan ready for review', false);
    await view.getByRole('button', { name: 'Run the plan as it stands' }).click();
    await agreeOn(vscode, view, REQUEST_2, 'Running', true);
    await waitUntil('m1 and m2 to work', () => readHeader(view), (h) => h.spinners === 2);
    await vscode.reload();
    await openSidebar();
    const interrupted = await agreeOn(vscode, view, REQUEST_2, 'Interrupted', false);
    assert.equal(lastEnd(interrupted.journal.events), undefined, 'the journal has no end');
    // The closing window stopped both agents without journaling a cancel: both read interrupted, none cancelled.
    assert.match(interrupted.status, /Squad: Interrupted · 0\/2 done · 2 interrupted · /);
    assert.equal(interrupted.header.progress, '0 of 2 tasks done · 2 interrupted');
    assert.equal(interrupted.header.spinners, 0, 'no task spins: nobody works on them');
    assert.equal(interrupted.header.resume, true);
    const frozen = interrupted.header.elapsed;
    await shot('4-interrupted');
    // The toast went after about 10 s; the sidebar's Resume stays, and the clock stands still.
    await new Promise((r) => setTimeout(r, 12_000));
    const later = await agreed(vscode, view, REQUEST_2, false);
    assert.equal(later.header.resume, true, 'Resume stays');
    assert.equal(later.header.elapsed, frozen, 'an interrupted run\'s clock does not tick');
    // Another reload: still interrupted, still offered.
    await vscode.reload();
    await openSidebar();
    const again = await agreeOn(vscode, view, REQUEST_2, 'Interrupted', false);
    assert.equal(again.header.resume, true);
    // Dismiss puts the offer away; the run still reads Interrupted in both places.
    await view.locator('section.run [data-act=dismissResume]').click();
    const dismissed = await agreeOn(vscode, view, REQUEST_2, 'Interrupted', false, 10_000, true);
    assert.equal(dismissed.header.resume, false);
    assert.equal(await view.locator('section.run [data-act=dismissResume]').isVisible(), false);
    await shot('4-dismissed');
    // Squad: Resume Run still continues it, from the picker of runs.
    await vscode.runCommand('Squad: Resume Run');
    await vscode.quickPick(new RegExp(REQUEST_2));
    await agreeOn(vscode, view, REQUEST_2, 'Running', true, 20_000);
    const done2 = await agreeOn(vscode, view, REQUEST_2, 'Completed', false, 90_000);
    assert.match(done2.status, /Squad: Completed · 2\/2 done/);
    // Work time: neither the wait at the gate nor the time the run stood interrupted (12 s and more) counts.
    const wall = Date.now() - started2;
    assert.ok(durationMs(done2.header.elapsed) <= wall - 12_000, `work time ${done2.header.elapsed} within ${wall} ms of wall time`);
    await shot('4-completed');

    // 5. A third run whose planner call is refused with a 400: no Resume, one readable line.
    await request(REQUEST_3);
    const failed = await agreeOn(vscode, view, REQUEST_3, 'Failed', false);
    const end = lastEnd(failed.journal.events) as { type: string; code?: string } | undefined;
    assert.deepEqual([end?.type, end?.code], ['run.failed', 'config/invalid']);
    assert.equal(failed.header.resume, false, 'a 400 is not resumable');
    assert.match(failed.status, /Squad: Failed/);
    const error = view.locator('section.run .run-error');
    assert.equal(((await error.locator('.run-error-line').textContent()) ?? '').trim(), 'OpenAI (scripted-model) rejected the request (HTTP 400).');
    const fold = error.locator('details.run-error-details');
    assert.equal(await fold.getAttribute('open'), null, 'the provider\'s body is folded');
    assert.equal(await fold.locator('.detail').first().isVisible(), false);
    assert.equal(await view.locator('section.section-plan').isVisible(), false, 'no empty Plan heading when nothing was planned');
    await shot('5-failed-400');
    await fold.locator('summary').click();
    assert.match((await fold.locator('.detail').first().textContent()) ?? '', /Unsupported parameter/);
    await shot('5-failed-400-details');
    t.diagnostic(`screenshots: ${shots.join(', ')}`);
  } catch (err) {
    await reportFailure(vscode, 'run-truth', (line) => t.diagnostic(line));
    t.diagnostic(`sidebar text: ${await view.locator('#app').innerText({ timeout: 2000 }).catch(String)}`);
    throw err;
  } finally {
    await vscode.dispose();
    await ws.dispose();
    await server.close();
  }
});
