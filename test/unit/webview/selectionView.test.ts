/**
 * The accepted selection in the sidebar's model and words: after rejecting the frontend task, the
 * review bar names QA as depending on it and says the tests ran on all proposals; the tests'
 * headline no longer says "All 3 tests pass" on its own; the run on exactly the selection shows
 * there; Apply's question is asked in the same cases (applyQuestion.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunEventPayload } from '../../../src/core/run/events';
import { acceptedSelection } from '../../../src/core/review/selection';
import { selectionDigest } from '../../../src/core/review/selectionDigest';
import { parseToWebview } from '../../../src/protocol/messages';
import { reviewTree } from '../../../src/core/review/tree';
import { reduceRun } from '../../../src/core/run/reduce';
import { applyQuestion } from '../../../src/vscode/diff/applyQuestion';
import { ReviewDiffCache } from '../../../src/vscode/view/projectSelection';
import { ViewTracker } from '../../../src/vscode/view/tracker';
import { testsHeadline } from '../../../src/webview/testWords';
import { lastState, ROLES, stamp } from './runFixture';

const PLAN = {
  summary: 'A price label',
  tasks: [
    { id: 't1', role: 'backend', title: 'Format the price', description: 'formatted()', dependsOn: [] },
    { id: 't2', role: 'frontend', title: 'Show the label', description: 'label()', dependsOn: ['t1'] },
    { id: 't3', role: 'qa', title: 'Test the label', description: 'tests', dependsOn: ['t2'] },
  ],
};

function proposed(taskId: string, role: string, path: string): RunEventPayload[] {
  return [
    { type: 'task.started', taskId, role, model: 'm' },
    { type: 'proposal.updated', taskId, round: 0, files: [], changes: [{ path, base: null, content: `${path}\n` }] },
    { type: 'task.finished', taskId, outcome: 'proposed', summary: taskId },
  ];
}

/** Every task proposed, the tests passed on all of it, everything accepted, then the frontend task rejected. */
function rejectedFrontend(): RunEventPayload[] {
  return [
    { type: 'run.started', request: 'Show a price label', workspaceName: 'shop', roles: ROLES },
    { type: 'plan.proposed', plan: PLAN, attempt: 1 },
    { type: 'plan.approved', by: 'auto' },
    ...proposed('t1', 'backend', 'src/price.js'),
    ...proposed('t2', 'frontend', 'src/label.js'),
    ...proposed('t3', 'qa', 'test/label.test.js'),
    { type: 'tests.configured', command: 'npm test', source: 'detected', maxFixRounds: 3 },
    { type: 'tests.started', round: 0, command: 'npm test' },
    { type: 'tests.finished', round: 0, exitCode: 0, timedOut: false, format: 'junit', passed: 3, failed: 0, skipped: 0, failures: [], rawTail: '', durationMs: 40 },
    { type: 'tests.settled', outcome: 'passed', rounds: 0, summary: 'All 3 tests pass.' },
    { type: 'run.finished', outcome: 'completed' },
    { type: 'review.decided', scope: { kind: 'run' }, decision: 'accepted' },
    { type: 'review.decided', scope: { kind: 'task', taskId: 't2' }, decision: 'rejected' },
  ];
}

function failingSelectionRun(payloads: RunEventPayload[]): RunEventPayload {
  const selection = acceptedSelection(lastState(stamp(payloads)));
  return {
    type: 'tests.selectionRun', digest: selectionDigest(selection), files: selection.files.length, command: 'npm test', exitCode: 1, timedOut: false,
    passed: 1, failed: 1, skipped: 0, rawTail: '', durationMs: 30, sandboxed: true,
    failures: [{ test: 'test/label.test.js', message: 'test failed', trace: [], confidence: 0, reason: 'fails on the accepted selection', kind: 'unknown' }],
  };
}

describe('the accepted selection in the sidebar', () => {
  it('rejecting the frontend task: QA is named, the tests are said to have run on all proposals, the pass claims no more', () => {
    const state = lastState(stamp(rejectedFrontend()));
    const model = new ViewTracker().snapshot(state, false);
    assert.deepEqual(model.run?.review.dependencyWarnings, ['frontend (t2) is rejected, but qa (t3) depends on it.']);
    assert.deepEqual(model.tests.selection, { reasons: ['frontend (t2) rejected'], conflicts: 0, staleRun: false });
    const headline = testsHeadline(model.tests);
    assert.equal(headline.tone, 'warn');
    assert.equal(headline.text, 'The tests pass on all proposals; the selection you accepted was not tested.');
    assert.deepEqual(headline.details, ['On all proposals: All 3 tests pass.']);

    const q = applyQuestion(state);
    assert.equal(q?.message, 'Squad: the accepted selection was not tested.');
    assert.equal(q?.offerTest, true);
    assert.match(q?.detail ?? '', /you accepted a different selection \(frontend \(t2\) rejected\)/);
    assert.match(q?.detail ?? '', /frontend \(t2\) is rejected, but qa \(t3\) depends on it\./);
  });

  it('a failing run on exactly the selection shows in the review bar\'s model and the headline; Apply asks without offering the test again', () => {
    const payloads = rejectedFrontend();
    const state = lastState(stamp([...payloads, failingSelectionRun(payloads)]));
    const tracker = new ViewTracker();
    const model = tracker.snapshot(state, false);
    const run = model.tests.selection?.run;
    assert.ok(run);
    assert.deepEqual([run.passed, run.failed, run.sandboxed, run.failures], [1, 1, true, [{ test: 'test/label.test.js', message: 'test failed', preExisting: false }]]);
    const headline = testsHeadline(model.tests);
    assert.equal(headline.tone, 'bad');
    assert.equal(headline.text, 'The tests pass on all proposals, but fail on the selection you accepted.');
    const parsed = parseToWebview(JSON.parse(JSON.stringify({ type: 'snapshot', model, recent: [] })));
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems);

    const q = applyQuestion(state);
    assert.equal(q?.message, 'Squad: the tests fail on the accepted selection.');
    assert.equal(q?.offerTest, false);
    assert.match(q?.detail ?? '', /On this selection: 1 passed, 1 failed: test\/label\.test\.js\./);
  });

  it('accepting the frontend task again: the selection is what the tests ran on; no warning, no question, the pass is whole', () => {
    const payloads = rejectedFrontend();
    const again: RunEventPayload = { type: 'review.decided', scope: { kind: 'task', taskId: 't2' }, decision: 'accepted' };
    const state = lastState(stamp([...payloads, failingSelectionRun(payloads), again]));
    const model = new ViewTracker().snapshot(state, false);
    assert.equal(model.run?.review.dependencyWarnings, undefined);
    assert.equal(model.tests.selection, undefined);
    const headline = testsHeadline(model.tests);
    assert.equal(headline.tone, 'ok');
    assert.deepEqual(headline.details, ['All 3 tests pass.']);
    assert.equal(applyQuestion(state), undefined);
  });

  it('the tracker sends the change of selection as ops, and only when it changes', () => {
    const payloads = rejectedFrontend();
    const tracker = new ViewTracker();
    tracker.snapshot(lastState(stamp(payloads.slice(0, -1))), false);
    const state = lastState(stamp(payloads));
    const ops = tracker.delta(state, false) ?? [];
    const runOp = ops.find((o) => o.op === 'run');
    const testsOp = ops.find((o) => o.op === 'tests');
    assert.ok(runOp?.op === 'run' && testsOp?.op === 'tests');
    assert.deepEqual(runOp.run?.review.dependencyWarnings, ['frontend (t2) is rejected, but qa (t3) depends on it.']);
    assert.deepEqual(testsOp.tests.selection?.reasons, ['frontend (t2) rejected']);
    assert.deepEqual(tracker.delta(state, false), [], 'nothing changed: nothing sent');
  });

  it('the diff cache gives the review tree with the decisions of the moment, diffing each proposal once', () => {
    const payloads = rejectedFrontend();
    const cache = new ReviewDiffCache();
    const before = lastState(stamp(payloads.slice(0, -1)));
    const first = cache.tree(before);
    assert.deepEqual(first, reviewTree(before));
    // The rejection reduced onto that state, as the host does: the proposals' records stay the same objects.
    const after = reduceRun(before, stamp(payloads.slice(-1), before.runId, before.lastSeq + 1)[0]!);
    const second = cache.tree(after);
    assert.deepEqual(second, reviewTree(after), 'the rejection is read again');
    assert.equal(second[1]?.verdict, 'rejected');
    // The proposals did not change: their hunks are the ones diffed before, not diffed again.
    assert.equal(second[1]?.files[0]?.hunks[0]?.hunk, first[1]?.files[0]?.hunks[0]?.hunk);
    assert.notEqual(reviewTree(after)[1]?.files[0]?.hunks[0]?.hunk, first[1]?.files[0]?.hunks[0]?.hunk, 'a fresh tree diffs again');
  });
});
