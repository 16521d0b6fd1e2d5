import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SquadError } from '../../../src/core/common/errors';
import type { RunState } from '../../../src/core/run/reduce';
import { parseToWebview, type ToWebviewInput } from '../../../src/protocol/messages';
import { dispatch, receive, SIDEBAR_COMMANDS, type DispatchDeps } from '../../../src/vscode/view/dispatch';
import { contentSecurityPolicy, createNonce, sidebarHtml } from '../../../src/vscode/view/html';
import { ViewPublisher } from '../../../src/vscode/view/publisher';
import { RecentRequests } from '../../../src/vscode/view/recent';
import { questionId } from '../../../src/vscode/view/projectTests';
import { ViewTracker } from '../../../src/vscode/view/tracker';
import { gateEvents, lastState, runEvents, stamp, states, testGateEvents } from './runFixture';

describe('the sidebar\'s HTML', () => {
  it('has the strict policy, one nonce on its script and stylesheet, and nothing remote', () => {
    const nonce = createNonce();
    const csp = contentSecurityPolicy('https://file+.vscode-resource.example', nonce);
    assert.equal(csp, `default-src 'none'; style-src https://file+.vscode-resource.example 'nonce-${nonce}'; script-src 'nonce-${nonce}'; font-src https://file+.vscode-resource.example; img-src https://file+.vscode-resource.example data:`);
    const html = sidebarHtml({ cspSource: 'https://file+.vscode-resource.example', scriptUri: 'https://file+.vscode-resource.example/ext/dist/webview.js', styleUri: 'https://file+.vscode-resource.example/ext/media/sidebar.css', nonce });
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${csp.replace(/'/g, "'")}">`));
    assert.equal(html.match(/<script /g)?.length, 1);
    assert.ok(html.includes(`<script nonce="${nonce}" src="https://file+.vscode-resource.example/ext/dist/webview.js">`));
    assert.ok(html.includes(`<link rel="stylesheet" nonce="${nonce}" href="https://file+.vscode-resource.example/ext/media/sidebar.css">`));
    assert.equal(/<style|\sstyle="|\son\w+="/.test(html), false, 'no inline style or handler');
    const urls = html.match(/https?:\/\/[^\s"']+/g) ?? [];
    assert.ok(urls.every((u) => u.startsWith('https://file+.vscode-resource.example')), urls.join(' '));
  });

  it('a fresh nonce each time, long and URL-safe', () => {
    const a = createNonce();
    assert.notEqual(a, createNonce());
    assert.match(a, /^[A-Za-z0-9_-]{40,}$/);
  });
});

function memento() {
  const data = new Map<string, unknown>();
  return { get: <T>(k: string) => data.get(k) as T | undefined, update: async (k: string, v: unknown) => void data.set(k, v), data };
}

describe('recent requests', () => {
  it('newest first, once each, the last ten', async () => {
    const recent = new RecentRequests(memento());
    for (let i = 1; i <= 12; i++) await recent.add(`request ${i}`);
    assert.equal(await recent.add('request 12'), false, 'already the newest');
    assert.equal(await recent.add('  request 5 '), true);
    const list = recent.list();
    assert.equal(list.length, 10);
    assert.deepEqual(list.slice(0, 3), ['request 5', 'request 12', 'request 11']);
    assert.equal(list.filter((r) => r === 'request 5').length, 1);
    assert.equal(await recent.add('   '), false);
  });

  it('ignores whatever else is stored under its key', () => {
    const m = memento();
    m.data.set('squad.recentRequests', ['ok', 3, null]);
    assert.deepEqual(new RecentRequests(m).list(), ['ok']);
    m.data.set('squad.recentRequests', 'garbage');
    assert.deepEqual(new RecentRequests(m).list(), []);
  });
});

/** A host that records what it was asked, with a run at the plan gate. */
function harness() {
  const calls: string[] = [];
  const posted: ToWebviewInput[] = [];
  const logs: string[] = [];
  const remembered: string[] = [];
  const deps: DispatchDeps = {
    host: {
      state: lastState(stamp(gateEvents())),
      requestFeature: async (text) => void calls.push(`request:${text}`),
      approvePlan: async () => void calls.push('approve'),
      editPlan: async (edit) => {
        calls.push(`edit:${edit.kind}`);
        if (edit.kind === 'removeTask') throw new SquadError('run/not_found', 'No run is waiting at the plan gate.');
      },
      cancel: () => void calls.push('cancel'),
      decide: async (scope, decision) => void calls.push(`decide:${scope.kind}:${decision}`),
      requestChanges: async (scope, comment) => {
        calls.push(`requestChanges:${scope.kind}:${comment}`);
        return comment !== 'refused';
      },
      answerTests: (answer) => void calls.push(`answerTests:${answer}`),
    },
    executeCommand: async (command, ...args) => void calls.push(`command:${command}${args.length ? `:${JSON.stringify(args)}` : ''}`),
    post: (m) => void posted.push(m),
    log: { info: (t) => void logs.push(`info ${t}`), warn: (t) => void logs.push(`warn ${t}`), error: (t) => void logs.push(`error ${t}`) },
    ready: () => void calls.push('ready'),
    remember: async (r) => void remembered.push(r),
  };
  return { deps, calls, posted, logs, remembered };
}

describe('dispatching the view\'s messages', () => {
  it('each message reaches the host or its command', async () => {
    const h = harness();
    await dispatch({ type: 'requestFeature', text: 'Add tags' }, h.deps);
    await dispatch({ type: 'approvePlan' }, h.deps);
    await dispatch({ type: 'decide', scope: { kind: 'file', taskId: 't1', path: 'a.ts' }, decision: 'rejected' }, h.deps);
    await dispatch({ type: 'openDiff', taskId: 't1', path: 'a.ts' }, h.deps);
    await dispatch({ type: 'applyAccepted' }, h.deps);
    await dispatch({ type: 'cancel' }, h.deps);
    await dispatch({ type: 'resumeRun', runId: 'run-7' }, h.deps);
    await dispatch({ type: 'ready' }, h.deps);
    assert.deepEqual(h.calls, [
      'request:Add tags',
      'approve',
      'decide:file:rejected',
      `command:${SIDEBAR_COMMANDS.openDiff}:[{"taskId":"t1","path":"a.ts"}]`,
      `command:${SIDEBAR_COMMANDS.applyAccepted}`,
      'cancel',
      // The header's Resume resumes its own run by id, never the picker of every run.
      `command:${SIDEBAR_COMMANDS.resumeRun}:["run-7"]`,
      'ready',
    ]);
    assert.deepEqual(h.remembered, ['Add tags']);
  });

  it('a request for changes reaches the host; one it could not send comes back with the user\'s words', async () => {
    const h = harness();
    await dispatch({ type: 'requestChanges', scope: { kind: 'task', taskId: 't1' }, comment: 'Use the date helper.' }, h.deps);
    assert.deepEqual(h.posted, []);
    await dispatch({ type: 'requestChanges', scope: { kind: 'file', taskId: 't1', path: 'a.ts' }, comment: 'refused' }, h.deps);
    assert.deepEqual(h.calls, ['requestChanges:task:Use the date helper.', 'requestChanges:file:refused']);
    const notice = parseToWebview(h.posted[0]);
    assert.ok(notice.ok && notice.message.type === 'notice');
    if (!notice.ok || notice.message.type !== 'notice') return;
    assert.deepEqual([notice.message.area, notice.message.details], ['review', ['refused']]);
  });

  it('an edit the core refuses (a cycle) comes back as a notice with the core\'s words, and never reaches the host', async () => {
    const h = harness();
    await dispatch({ type: 'editPlan', edit: { kind: 'setDependencies', taskId: 't1', dependsOn: ['t4'] } }, h.deps);
    assert.deepEqual(h.calls, []);
    assert.equal(h.posted.length, 1);
    const notice = parseToWebview(h.posted[0]);
    assert.ok(notice.ok && notice.message.type === 'notice');
    if (!notice.ok || notice.message.type !== 'notice') return;
    assert.deepEqual([notice.message.area, notice.message.level], ['plan', 'error']);
    assert.match(notice.message.text, /^Nothing was changed: /);
    assert.match([notice.message.text, ...notice.message.details].join(' '), /t1.*t4|t4.*t1/);
    assert.match(h.logs[0]!, /^warn sidebar: the plan edit failed/);
  });

  it('a valid edit goes to the host; the host\'s own failure becomes a notice too', async () => {
    const h = harness();
    await dispatch({ type: 'editPlan', edit: { kind: 'updateTask', taskId: 't2', title: 'Renamed' } }, h.deps);
    await dispatch({ type: 'editPlan', edit: { kind: 'removeTask', taskId: 't3' } }, h.deps);
    assert.deepEqual(h.calls, ['edit:updateTask', 'edit:removeTask']);
    assert.equal(h.posted.length, 1);
    assert.deepEqual(parseToWebview(h.posted[0]).ok && (h.posted[0] as { text: string }).text, 'No run is waiting at the plan gate.');
  });

  it('the test gate\'s answer reaches the host for the question the user saw; a stale or malformed one reaches nobody', async () => {
    const h = harness();
    const events = await testGateEvents();
    const waiting = lastState(stamp(events));
    (h.deps.host as { state: RunState | undefined }).state = waiting;
    const question = questionId(waiting.tests.approval.pending!);
    assert.equal(new ViewTracker().snapshot(waiting, true).tests.gate?.id, question, 'the id the view shows is the one dispatch checks');
    await receive({ type: 'answerTests', answer: 'run', question }, h.deps);
    await receive({ type: 'answerTests', answer: 'deny', question }, h.deps);
    await receive({ type: 'answerTests', answer: 'workspace', question }, h.deps);
    await receive({ type: 'answerTests', answer: 'forever', question }, h.deps);
    assert.deepEqual(h.calls, ['answerTests:run', 'answerTests:deny', 'answerTests:workspace']);
    assert.match(h.logs.join('\n'), /dropped a malformed view message \("answerTests"\): answer/);

    // The first question (no diff) is answered by a click still in flight while the run asks the second one.
    const first = events.findIndex((e) => e.type === 'tests.approvalRequested');
    const firstQuestion = questionId(lastState(stamp(events.slice(0, first + 1))).tests.approval.pending!);
    assert.notEqual(firstQuestion, question, 'a changed definition is another question');
    await receive({ type: 'answerTests', answer: 'run', question: firstQuestion }, h.deps);
    assert.equal(h.calls.length, 3, 'the stale answer did not reach the host');
    const notice = parseToWebview(h.posted.at(-1));
    assert.ok(notice.ok && notice.message.type === 'notice' && notice.message.area === 'run' && /no longer waits/.test(notice.message.text));

    // Nothing waits at all (answered already, or another run).
    (h.deps.host as { state: RunState | undefined }).state = lastState(stamp([...events, { type: 'tests.approvalDecided', answer: 'run', by: 'user' }]));
    await receive({ type: 'answerTests', answer: 'run', question }, h.deps);
    assert.equal(h.calls.length, 3);
  });

  it('a malformed message is dropped with a log line and reaches nobody', async () => {
    const h = harness();
    await receive({ type: 'decide', scope: { kind: 'everything' }, decision: 'accepted' }, h.deps);
    await receive({ type: 'log', level: 'warn', text: 'view-side problem' }, h.deps);
    assert.deepEqual(h.calls, []);
    assert.match(h.logs[0]!, /^warn sidebar: dropped a malformed view message \("decide"\): scope/);
    assert.equal(h.logs[1], 'warn sidebar view: view-side problem');
  });
});

describe('the publisher', () => {
  function publisher(getState: () => RunState | undefined) {
    const posted: ToWebviewInput[] = [];
    const pending: (() => void)[] = [];
    const p = new ViewPublisher({ post: (m) => void posted.push(m), state: getState, busy: () => false, recent: () => ['r'], schedule: (fn) => (pending.push(fn), () => pending.splice(pending.indexOf(fn), 1)) });
    return { p, posted, pending };
  }

  it('sends nothing before ready, a snapshot on ready, then one patch per burst', () => {
    const all = states(stamp(runEvents()));
    let i = 10;
    const { p, posted, pending } = publisher(() => all[i]);
    p.onChange();
    assert.equal(posted.length + pending.length, 0, 'no view yet');
    p.onReady();
    assert.deepEqual(posted.map((m) => m.type), ['snapshot']);
    for (let j = 11; j < all.length; j++) {
      i = j;
      p.onChange();
    }
    assert.equal(pending.length, 1, 'a burst of events is one flush');
    pending.shift()!();
    assert.deepEqual(posted.map((m) => m.type), ['snapshot', 'patch']);
    for (const m of posted) assert.ok(parseToWebview(m).ok);
  });

  it('a new run means a new snapshot; hidden means silent', () => {
    let state: RunState | undefined = lastState(stamp(runEvents()));
    const { p, posted, pending } = publisher(() => state);
    p.onReady();
    state = lastState(stamp(runEvents(), 'run-2'));
    p.onChange();
    pending.shift()!();
    assert.deepEqual(posted.map((m) => (m.type === 'snapshot' ? `snapshot:${m.model.run?.runId}` : m.type)), ['snapshot:run-1', 'snapshot:run-2']);
    p.onHidden();
    p.onChange();
    p.flush();
    assert.equal(posted.length, 2);
    assert.equal(pending.length, 0);
  });
});
