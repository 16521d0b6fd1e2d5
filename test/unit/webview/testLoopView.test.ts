/**
 * The trusted test loop in the sidebar's model: the gate projected from a recorded run (the core's
 * own definition diff), the baseline, runner-ups, loosened and disputed tests, the apply that
 * wrote nothing; the words the view uses for them; the view's store taking them in.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reduceRun } from '../../../src/core/run/reduce';
import { parseToWebview, type ToWebview, type ViewTests } from '../../../src/protocol/messages';
import { diffHunks, MAX_BASELINE_NAMES } from '../../../src/vscode/view/projectTests';
import { ViewTracker } from '../../../src/vscode/view/tracker';
import { applyBatch, ViewStore } from '../../../src/webview/store';
import { baselineLine, disputeLine, gateTitle, gateWhere, runnerUpLine, testsHeadline, weakenedBadge } from '../../../src/webview/testWords';
import { gateEvents, lastState, stamp, states, testGateEvents, weakenedLoopEvents } from './runFixture';

const roundTrip = (tests: ViewTests): ViewTests => {
  const parsed = parseToWebview(JSON.parse(JSON.stringify({ type: 'patch', runId: 'run-1', ops: [{ op: 'tests', tests }] })));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems);
  const op = parsed.ok && parsed.message.type === 'patch' ? parsed.message.ops[0] : undefined;
  assert.ok(op?.op === 'tests');
  return op.tests;
};

describe('the test gate in the view model', () => {
  it('a proposal that changes the test script: the gate shows the command, the line that runs, the sandbox, the files and the diff', async () => {
    const model = new ViewTracker().snapshot(lastState(stamp(await testGateEvents())), true);
    const gate = model.tests.gate;
    assert.ok(gate, 'the question is pending');
    assert.equal(gate.command, 'npm test', 'what the user allows: the command as the project states it');
    assert.equal(gate.runs, 'npm test -- --test-reporter=tap', 'and the line that runs, since it differs');
    assert.deepEqual(gate.sandbox, { kind: 'bwrap', description: 'bubblewrap: writes only to a scratch copy, no network, no home folder' });
    assert.deepEqual(gate.files, ['package.json', 'scripts/seed.js'], 'the script now names scripts/seed.js: the approval covers it too');
    assert.deepEqual(gate.changes.map((c) => [c.path, c.kind, c.omitted]), [['package.json', 'changed', 0], ['scripts/seed.js', 'added', 0]]);
    const script = gate.changes[0]!.hunks[0]!;
    assert.deepEqual(script.lines.filter((l) => l.startsWith('-') || l.startsWith('+')), ['-    "test": "node --test"', '+    "test": "node --test && node scripts/seed.js"']);
    assert.deepEqual([script.oldStart, script.oldLines, script.newStart, script.newLines], [1, 5, 1, 5]);
    const created = gate.changes[1]!.hunks[0]!;
    assert.deepEqual([created.oldStart, created.oldLines, created.newStart, created.newLines, created.lines], [1, 0, 1, 1, ['+seed()']]);
    assert.deepEqual(roundTrip(model.tests), model.tests, 'the tests op parses to itself');
  });

  it('the first question has no diff, and the line that runs is not known yet', async () => {
    const events = await testGateEvents({ kind: 'none', description: 'bubblewrap is not installed' });
    const first = events.findIndex((e) => e.type === 'tests.approvalRequested');
    const model = new ViewTracker().snapshot(lastState(stamp(events.slice(0, first + 1))), true);
    assert.deepEqual(model.tests.gate && { changes: model.tests.gate.changes, runs: model.tests.gate.runs, kind: model.tests.gate.sandbox.kind }, { changes: [], runs: undefined, kind: 'none' });
    assert.equal(model.tests.command, undefined, 'configured only after the answer');
  });

  it('the answer closes the gate: the next delta carries the tests without it', async () => {
    const events = stamp(await testGateEvents());
    const tracker = new ViewTracker();
    const state = lastState(events);
    tracker.snapshot(state, true);
    const answered = reduceRun(state, stamp([{ type: 'tests.approvalDecided', answer: 'run', by: 'user' }], 'run-1', events.length)[0]!);
    const ops = tracker.delta(answered, true)!;
    const tests = ops.find((o) => o.op === 'tests');
    assert.ok(tests?.op === 'tests');
    assert.equal(tests.tests.gate, undefined);
    assert.deepEqual(tracker.delta(answered, true), [], 'nothing more to send');
  });

  it('after every event of the loop, snapshot + deltas give the same model as a fresh snapshot', async () => {
    const events = stamp([...(await testGateEvents()), ...weakenedLoopEvents()]);
    const all = states(events);
    const tracker = new ViewTracker();
    const live = new ViewStore();
    applyBatch(live, [JSON.parse(JSON.stringify({ type: 'snapshot', model: tracker.snapshot(all[0], true), recent: [] }))]);
    for (const [i, state] of all.entries()) {
      if (i === 0) continue;
      const ops = tracker.delta(state, true)!;
      const batch = applyBatch(live, [JSON.parse(JSON.stringify({ type: 'patch', runId: state.runId, ops }))]);
      assert.deepEqual(batch.dropped, [], `event ${i} (${events[i]?.type})`);
      const fresh = new ViewTracker().snapshot(state, true);
      assert.deepEqual({ run: live.run, tests: live.tests, tasks: live.order.map((id) => live.tasks.get(id)) }, { run: fresh.run, tests: fresh.tests, tasks: fresh.tasks }, `after event ${i} (${events[i]?.type})`);
    }
  });

  it('a fix that loosened a test: on its task, in the tests with the assertions, the dispute, the runner-up and the apply that did not happen', async () => {
    const model = new ViewTracker().snapshot(lastState(stamp([...(await testGateEvents()), ...weakenedLoopEvents()])), false);
    const byId = Object.fromEntries(model.tasks.map((t) => [t.id, t]));
    assert.deepEqual(byId.t2!.weakened, ['rejects a bad dueDate']);
    assert.equal(byId.t1!.weakened, undefined, 'only the task whose fix loosened it');
    assert.deepEqual(model.tests.weakened, [{ taskId: 't2', round: 1, file: 'test/api.test.js', tests: ['rejects a bad dueDate'], assertions: ['  assert.equal(res.status, 400);'] }]);
    assert.deepEqual(model.tests.disputes, [{ taskId: 't2', round: 1, test: 'due dates sort by day, then by priority', reason: 'the task asks for sorting by due date only' }]);
    assert.deepEqual(model.tests.rounds[0]!.failures[0]!.runnerUp, { taskId: 't1', file: 'src/db/tasks.js', reason: 'the test reads the column t1 added' });
    assert.equal(model.tests.settled?.outcome, 'weakened');
    assert.equal(model.tests.gate, undefined);
    assert.equal(model.tests.approvedCommand, 'npm test', 'the command as allowed, beside the line that runs');
    assert.deepEqual(model.tests.baseline, { passed: 9, failed: 3, cached: false, failing: ['lists users', 'due dates sort by day', 'archives old tasks'] });
    assert.match(model.run!.review.notApplied?.reason ?? '', /loosened a failing test/);
    assert.equal(model.run!.review.notApplied?.kind, 'incomplete');
    // An apply clears it.
    const applied = lastState(stamp([...(await testGateEvents()), ...weakenedLoopEvents(), { type: 'changes.applied', checkpointId: 'cp', files: [], hunks: [] }]));
    assert.equal(new ViewTracker().snapshot(applied, false).run!.review.notApplied, undefined);
  });

  it('why the tests do not run, and a baseline with many failures names only the first few', () => {
    const skipped = lastState(stamp([...gateEvents(), { type: 'tests.skipped', reason: 'the workspace is not trusted', untrusted: true }]));
    assert.deepEqual(new ViewTracker().snapshot(skipped, false).tests.skipped, { reason: 'the workspace is not trusted', untrusted: true });
    const failing = Array.from({ length: 50 }, (_, i) => ({ test: `old failure ${i}`, signature: `s${i}`, thrown: false }));
    const state = lastState(stamp([...gateEvents(), { type: 'tests.baseline', command: 'npm test', cached: true, exitCode: 1, passed: 1, failed: 50, failing, durationMs: 5 }]));
    const baseline = new ViewTracker().snapshot(state, false).tests.baseline!;
    assert.equal(baseline.failing.length, MAX_BASELINE_NAMES);
    assert.equal(baseline.failed, 50);
    assert.equal(baseline.cached, true);
  });

  it('a long definition diff is cut, and says how many lines it left out', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `+line ${i}`);
    const diff = ['--- /dev/null', '+++ b/jest.config.js', '@@ -0,0 +1,30 @@', ...lines, ''].join('\n');
    const cut = diffHunks(diff, 10);
    assert.equal(cut.hunks.length, 1);
    assert.equal(cut.hunks[0]!.lines.length, 10);
    assert.equal(cut.omitted, 20);
    const two = diffHunks('--- a/x\n+++ b/x\n@@ -2 +2 @@\n-a\n+b\n@@ -40,2 +40,3 @@\n c\n+d\n e\n', 3);
    assert.deepEqual(two.hunks.map((h) => h.lines), [['-a', '+b'], [' c']], 'the second hunk is cut after its first line');
    assert.equal(two.omitted, 2);
    assert.deepEqual([two.hunks[0]!.oldStart, two.hunks[0]!.oldLines], [2, 1], 'a range without a count is one line');
  });
});

describe('what the test part of the sidebar says', () => {
  const base: ViewTests = { maxFixRounds: 2, rounds: [], weakened: [], disputes: [] };
  const settled = (outcome: string, summary = 'summary') => ({ ...base, settled: { outcome, rounds: 1, summary } });

  it('weakened is never a green pass', () => {
    const h = testsHeadline(settled('weakened', 'The tests pass after 1 fix round, but t2 loosened a test.'));
    assert.equal(h.tone, 'warn');
    assert.equal(h.text, 'Tests pass only because a fix loosened a test — review it.');
    assert.doesNotMatch(h.short, /^passed/);
    assert.deepEqual(h.details, ['The tests pass after 1 fix round, but t2 loosened a test.']);
    assert.equal(testsHeadline(settled('passed')).tone, 'ok');
  });

  it('cannot-run gives the reason and what to try; needs-approval says what was not allowed', () => {
    const h = testsHeadline({ ...settled('cannot-run'), baseline: { passed: 0, failed: 0, cached: false, failing: [], cannotRun: { reason: 'jest is not installed', hint: 'run npm install' } } });
    assert.equal(h.tone, 'bad');
    assert.equal(h.short, 'cannot run');
    assert.deepEqual(h.details, ['jest is not installed', 'Try: run npm install', 'summary']);
    const n = testsHeadline(settled('needs-approval'));
    assert.equal(n.short, 'not allowed');
    assert.match(n.text, /changed what the test command runs/);
  });

  it('a pending question, skipped tests, a running round, an outcome it does not know', () => {
    const gate = { id: 'q1', command: 'npm test', reason: 'r', sandbox: { kind: 'bwrap' as const, description: 'd' }, files: [], changes: [] };
    assert.deepEqual(testsHeadline({ ...base, gate }), { tone: 'wait', short: 'waiting for you', text: '', details: [] });
    assert.equal(testsHeadline({ ...base, skipped: { reason: 'no test command was found', untrusted: false } }).text, 'The tests will not run: no test command was found.');
    assert.equal(testsHeadline({ ...base, rounds: [{ round: 0, status: 'running', passed: 0, failed: 0, skipped: 0, failures: [], routed: [] }] }).short, 'running');
    assert.deepEqual(testsHeadline(settled('exploded', 'it blew up')), { tone: 'quiet', short: 'exploded', text: 'it blew up', details: [] });
  });

  it('the baseline line', () => {
    assert.equal(baselineLine({ passed: 9, failed: 3, cached: false, failing: [] }), '3 tests already failed before the squad\'s changes: not routed to any agent.');
    assert.equal(baselineLine({ passed: 9, failed: 1, cached: true, failing: [] }), '1 test already failed before the squad\'s changes: not routed to any agent (remembered from an earlier run on the same files).');
    assert.equal(baselineLine({ passed: 12, failed: 0, cached: false, failing: [] }), 'Before the squad\'s changes: 12 passed, none failed.');
  });

  it('where the command runs: the sandbox, or a plain warning without one', () => {
    const gate = { id: 'q1', command: 'npm test', reason: 'r', files: [], changes: [] };
    assert.deepEqual(gateWhere({ ...gate, sandbox: { kind: 'bwrap', description: 'bubblewrap, no network' } }), { sandboxed: true, text: 'In a sandbox: bubblewrap, no network' });
    const none = gateWhere({ ...gate, sandbox: { kind: 'none', description: 'bubblewrap is not installed.' } });
    assert.equal(none.sandboxed, false);
    assert.match(none.text, /with your rights/);
    assert.match(none.text, /this run only/);
    assert.match(none.text, /bubblewrap is not installed/);
    assert.equal(gateTitle({ ...gate, sandbox: { kind: 'none', description: '' } }), 'Squad asks before it runs the tests');
    assert.match(gateTitle({ ...gate, sandbox: { kind: 'none', description: '' }, changes: [{ path: 'package.json', kind: 'changed', hunks: [], omitted: 0 }] }), /changed what the tests run \(package\.json\)/);
  });

  it('runner-up, dispute and the card\'s badge', () => {
    const tasks = new Map([['t1', { role: 'database' }]]) as unknown as Parameters<typeof runnerUpLine>[1];
    assert.equal(runnerUpLine({ taskId: 't1', file: 'src/db.js', reason: 'it reads the new column' }, tasks), 'Also possible: database (t1) in src/db.js: it reads the new column');
    assert.equal(runnerUpLine({ taskId: 't9', reason: 'r' }, tasks), 'Also possible: t9: r');
    assert.equal(disputeLine({ taskId: 'backend-1', round: 1, test: 'due dates sort by day, then by priority, then by title', reason: 'the task says by day only' }), 'backend-1 disputes \'due dates sort by day, then by priority…\': the task says by day only');
    assert.deepEqual(weakenedBadge(['rejects a bad dueDate']), { text: 'weakened test: rejects a bad dueDate', label: 'A fix of this task loosened a test: rejects a bad dueDate. Review before you accept.' });
    assert.match(weakenedBadge(['a', 'b']).text, /^2 weakened tests: a, b$/);
  });
});

describe('the view\'s store and the test loop', () => {
  it('takes the gate in with a tests op and drops a gate that does not parse', async () => {
    const store = new ViewStore();
    const state = lastState(stamp(await testGateEvents()));
    const tracker = new ViewTracker();
    const model = tracker.snapshot(state, true);
    applyBatch(store, [{ type: 'snapshot', model: { ...model, tests: { ...model.tests, gate: undefined } }, recent: [] } satisfies ToWebview]);
    // Read through a function: the assertion above would narrow the property for the compiler.
    const gate = () => store.tests.gate;
    assert.equal(gate(), undefined);
    const batch = applyBatch(store, [{ type: 'patch', runId: 'run-1', ops: [{ op: 'tests', tests: model.tests }] }]);
    assert.equal(batch.changes.tests, true);
    assert.equal(gate()?.changes.length, 2);
    const bad = applyBatch(store, [{ type: 'patch', runId: 'run-1', ops: [{ op: 'tests', tests: { ...model.tests, gate: { ...model.tests.gate, sandbox: { kind: 'docker', description: '' } } } }] }]);
    assert.equal(bad.dropped.length, 1);
    assert.match(bad.dropped[0]!, /ops\.0\.tests\.gate\.sandbox\.kind/);
    assert.equal(gate()?.sandbox.kind, 'bwrap', 'nothing of it applied');
  });
});
