import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reduceRun } from '../../../src/core/run/reduce';
import { parseToWebview, type ToWebview, type ViewOp } from '../../../src/protocol/messages';
import { ViewTracker } from '../../../src/vscode/view/tracker';
import { noChanges, ViewStore } from '../../../src/webview/store';
import { bigRunEvents, gateEvents, lastState, runEvents, stamp, states } from './runFixture';

/** The store's content as plain data, to compare two stores. */
function contentOf(store: ViewStore) {
  return {
    run: store.run,
    order: store.order,
    tasks: store.order.map((id) => store.tasks.get(id)),
    activity: Object.fromEntries([...store.activity].filter(([, v]) => v.length > 0).sort()),
    files: Object.fromEntries([...store.files].filter(([, v]) => v.length > 0).sort()),
    tests: store.tests,
  };
}

/** Sends a message through the protocol as the webview receives it: JSON, then parsed. */
function deliver(store: ViewStore, message: unknown) {
  const parsed = parseToWebview(JSON.parse(JSON.stringify(message)));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems);
  const changes = noChanges();
  assert.equal(store.apply(parsed.message, changes), 'ok');
  return changes;
}

function snapshotStore(state: Parameters<ViewTracker['snapshot']>[0]) {
  const store = new ViewStore();
  deliver(store, { type: 'snapshot', model: new ViewTracker().snapshot(state, false), recent: [] } satisfies ToWebview);
  return store;
}

describe('the view tracker: a snapshot, then deltas', () => {
  it('after every event, snapshot + deltas give the same model as a fresh snapshot', () => {
    const events = stamp([...runEvents(), { type: 'review.decided', scope: { kind: 'task', taskId: 't1' }, decision: 'accepted' }, { type: 'fix.finished', taskId: 't2', round: 1, outcome: 'revised', summary: 'fixed' }]);
    const all = states(events);
    const tracker = new ViewTracker();
    const live = new ViewStore();
    deliver(live, { type: 'snapshot', model: tracker.snapshot(all[0], false), recent: [] });
    for (const [i, state] of all.entries()) {
      if (i === 0) continue;
      const ops = tracker.delta(state, false);
      assert.ok(ops, `event ${i} keeps the run`);
      deliver(live, { type: 'patch', runId: state.runId, ops });
      assert.deepEqual(contentOf(live), contentOf(snapshotStore(state)), `after event ${i} (${events[i]?.type})`);
    }
  });

  it('a streamed tool call is one activity op with only the new line', () => {
    const events = stamp(runEvents());
    const before = lastState(events);
    const tracker = new ViewTracker();
    // Tools stream while this window works on the run (busy): the run's line does not change with them.
    tracker.snapshot(before, true);
    const next = reduceRun(before, stamp([{ type: 'tool.called', taskId: 't4', round: 0, turn: 0, callId: 'x', tool: 'search', summary: 'searched "due"', isError: false }], 'run-1', events.length)[0]!);
    assert.deepEqual(tracker.delta(next, true), [{ op: 'activity', taskId: 't4', start: 0, items: [{ round: 0, tool: 'search', summary: 'searched "due"', isError: false }] }]);
    const after = reduceRun(next, stamp([{ type: 'tool.called', taskId: 't4', round: 0, turn: 1, callId: 'y', tool: 'read_file', summary: 'read a.js', isError: false }], 'run-1', events.length + 1)[0]!);
    const ops = tracker.delta(after, true)!;
    assert.equal(ops.length, 1);
    assert.deepEqual(ops[0], { op: 'activity', taskId: 't4', start: 1, items: [{ round: 0, tool: 'read_file', summary: 'read a.js', isError: false }] });
  });

  it('a decision on one hunk sends that file\'s decisions, the task\'s verdict and the counts; no diff again', () => {
    const events = stamp(runEvents());
    const state = lastState(events);
    const tracker = new ViewTracker();
    const model = tracker.snapshot(state, false);
    const file = model.files.t2!.find((f) => f.path === 'src/api/tasks.js')!;
    assert.equal(file.hunks.length, 2);
    const [first] = file.hunks;
    const decided = reduceRun(state, stamp([{ type: 'review.decided', scope: { kind: 'hunk', taskId: 't2', path: file.path, hunkId: first!.id }, decision: 'rejected' }], 'run-1', events.length)[0]!);
    const ops = tracker.delta(decided, false)!;
    assert.deepEqual(ops.map((o) => o.op).sort(), ['decisions', 'run', 'task']);
    const decisions = ops.find((o): o is Extract<ViewOp, { op: 'decisions' }> => o.op === 'decisions')!;
    assert.deepEqual(decisions, { op: 'decisions', taskId: 't2', path: 'src/api/tasks.js', verdict: 'mixed', hunks: { [first!.id]: 'rejected', [file.hunks[1]!.id]: 'undecided' } });
    const task = ops.find((o): o is Extract<ViewOp, { op: 'task' }> => o.op === 'task')!.task;
    assert.equal(task.verdict, 'mixed');
    const run = ops.find((o): o is Extract<ViewOp, { op: 'run' }> => o.op === 'run')!.run!;
    assert.deepEqual({ ...run.review, applies: undefined }, { hunks: 5, accepted: 0, rejected: 1, undecided: 4, toApply: 0, applies: undefined });
  });

  it('projects statuses, usage with unknown cost, fix rounds and where failures went', () => {
    const model = new ViewTracker().snapshot(lastState(stamp(runEvents())), true);
    const byId = Object.fromEntries(model.tasks.map((t) => [t.id, t]));
    assert.deepEqual(model.order, ['t1', 't2', 't3', 't4']);
    assert.equal(byId.t1!.status, 'proposed');
    assert.equal(byId.t1!.usage.cost, 0.004);
    assert.equal(byId.t2!.status, 'fixing');
    assert.equal(byId.t2!.fixRound, 1);
    assert.equal(byId.t2!.usage.cost, null, 'a call without a price makes the cost unknown');
    assert.equal(byId.t3!.status, 'failed');
    assert.equal(byId.t3!.reason, 'The model stopped making progress.');
    assert.equal(byId.t4!.verdict, 'none');
    assert.equal(model.run!.usage.cost, null);
    assert.equal(model.run!.busy, true);
    assert.equal(model.run!.awaitingApproval, false);
    assert.deepEqual(model.activity.t2!.map((a) => [a.round, a.tool]), [[0, 'search'], [1, 'read_file']]);
    const round = model.tests.rounds[0]!;
    assert.deepEqual(round.failures.map((f) => f.kind), ['routed', 'pre-existing', 'flaky']);
    assert.deepEqual(round.routed, [{ taskId: 't2', tests: ['rejects a bad dueDate'], fixRound: 1, outcome: 'fixing' }]);
    assert.equal(model.tests.maxFixRounds, 3);
  });

  it('a failing round nobody could parse shows the end of its output; a passing one does not', () => {
    const round = (n: number, exitCode: number, failed: number) => [
      { type: 'tests.started' as const, round: n, command: 'npm test' },
      { type: 'tests.finished' as const, round: n, exitCode, timedOut: false, format: 'unknown', passed: 1, failed, skipped: 0, failures: [], rawTail: `output of round ${n}`, durationMs: 10 },
    ];
    const model = new ViewTracker().snapshot(lastState(stamp([...runEvents(), ...round(1, 2, 0), ...round(2, 0, 0)])), false);
    assert.deepEqual(model.tests.rounds.map((r) => r.rawTail), [undefined, 'output of round 1', undefined]);
  });

  it('the plan gate: awaiting approval, and a plan edit sends order, rows and removals', () => {
    const events = stamp(gateEvents());
    const state = lastState(events);
    const tracker = new ViewTracker();
    const model = tracker.snapshot(state, false);
    assert.equal(model.run!.awaitingApproval, true);
    const plan = state.plan!;
    const edited = { ...plan, tasks: [...plan.tasks.filter((t) => t.id !== 't3').map((t) => (t.id === 't1' ? { ...t, title: 'Renamed' } : t)), { id: 't5', role: 'qa', title: 'New', description: 'd', dependsOn: ['t1'] }] };
    const next = reduceRun(state, stamp([{ type: 'plan.edited', plan: edited, edit: 'edited' }], 'run-1', events.length)[0]!);
    const ops = tracker.delta(next, false)!;
    const kinds = ops.map((o) => (o.op === 'task' ? `task:${o.task.id}` : o.op === 'taskRemoved' ? `removed:${o.taskId}` : o.op));
    assert.deepEqual(kinds.filter((k) => k !== 'activity' && k !== 'run').sort(), ['order', 'removed:t3', 'task:t1', 'task:t5']);
    assert.deepEqual(ops.find((o) => o.op === 'order'), { op: 'order', order: ['t1', 't2', 't4', 't5'] });
  });

  it('an apply marks its tasks applied; another run needs a snapshot', () => {
    const events = stamp(runEvents());
    const state = lastState(events);
    const tracker = new ViewTracker();
    const model = tracker.snapshot(state, false);
    const hunk = model.files.t1![0]!.hunks[0]!;
    const applied = reduceRun(state, stamp([{ type: 'changes.applied', checkpointId: 'cp1', files: [{ path: 'src/db/tasks.js', action: 'modified', merged: false }], hunks: [{ taskId: 't1', path: 'src/db/tasks.js', hunkId: hunk.id }] }], 'run-1', events.length)[0]!);
    const ops = tracker.delta(applied, false)!;
    const task = ops.find((o): o is Extract<ViewOp, { op: 'task' }> => o.op === 'task')!.task;
    assert.equal(task.id, 't1');
    assert.equal(task.applied, true);
    assert.deepEqual(ops.find((o): o is Extract<ViewOp, { op: 'run' }> => o.op === 'run')!.run!.review.applies, [{ checkpointId: 'cp1', at: applied.review.applies[0]!.at, files: 1, rolledBack: false }]);
    assert.equal(tracker.delta(lastState(stamp(gateEvents(), 'run-2')), false), undefined);
    assert.deepEqual(tracker.delta(applied, false), [], 'nothing changed, nothing sent');
  });

  it('counts only accepted hunks no standing apply wrote as still to apply; a roll-back counts them again', () => {
    const events = stamp(runEvents());
    const tracker = new ViewTracker();
    const model = tracker.snapshot(lastState(events), false);
    const [first, second] = model.files.t2!.find((f) => f.path === 'src/api/tasks.js')!.hunks;
    const more = (list: Parameters<typeof stamp>[0]) => stamp(list, 'run-1', events.length);
    const scope = (hunkId: string) => ({ kind: 'hunk' as const, taskId: 't2', path: 'src/api/tasks.js', hunkId });
    const decided = [
      { type: 'review.decided' as const, scope: scope(first!.id), decision: 'accepted' as const },
      { type: 'review.decided' as const, scope: scope(second!.id), decision: 'accepted' as const },
    ];
    const apply = { type: 'changes.applied' as const, checkpointId: 'cp1', files: [{ path: 'src/api/tasks.js', action: 'modified' as const, merged: false }], hunks: [{ taskId: 't2', path: 'src/api/tasks.js', hunkId: first!.id }] };
    const review = (list: Parameters<typeof stamp>[0]) => new ViewTracker().snapshot(lastState([...events, ...more(list)]), false).run!.review;

    assert.equal(review(decided).toApply, 2);
    assert.equal(review([...decided, apply]).accepted, 2);
    assert.equal(review([...decided, apply]).toApply, 1, 'the hunk the apply wrote is not counted again');
    assert.equal(review([...decided, apply, { type: 'changes.rolledBack', checkpointId: 'cp1', files: ['src/api/tasks.js'] }]).toApply, 2);
  });

  it('a second snapshot (the view was hidden and shown) is whole again', () => {
    const state = lastState(stamp(runEvents()));
    const tracker = new ViewTracker();
    const first = tracker.snapshot(state, false);
    assert.ok(first.run);
    assert.deepEqual(tracker.snapshot(state, false), first);
    assert.deepEqual(tracker.delta(state, false), []);
  });

  it('no run: an empty model that parses', () => {
    const model = new ViewTracker().snapshot(undefined, false);
    assert.deepEqual(model, { run: null, order: [], tasks: [], activity: {}, files: {}, tests: { maxFixRounds: 0, rounds: [], weakened: [], disputes: [] } });
    assert.ok(parseToWebview({ type: 'snapshot', model, recent: [] }).ok);
  });

  it('a large run (200 tasks, 2,000 hunks) projects every hunk and parses as one message', () => {
    const model = new ViewTracker().snapshot(lastState(stamp(bigRunEvents(200, 2))), false);
    assert.equal(model.tasks.length, 200);
    assert.equal(Object.values(model.files).flat().reduce((n, f) => n + f.hunks.length, 0), 2000);
    assert.equal(model.run!.review.hunks, 2000);
    assert.ok(parseToWebview(JSON.parse(JSON.stringify({ type: 'snapshot', model, recent: [] }))).ok);
  });
});
