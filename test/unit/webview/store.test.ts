import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ToWebview, ViewFile } from '../../../src/protocol/messages';
import { applyBatch, isEmpty, noChanges, ViewStore } from '../../../src/webview/store';
import { ViewTracker } from '../../../src/vscode/view/tracker';
import { lastState, runEvents, stamp } from './runFixture';

function loaded() {
  const store = new ViewStore();
  const model = new ViewTracker().snapshot(lastState(stamp(runEvents())), false);
  const b = applyBatch(store, [{ type: 'snapshot', model, recent: ['Add tags'] } satisfies ToWebview]);
  assert.equal(b.changes.all, true);
  return { store, model };
}

describe('the view\'s store', () => {
  it('a snapshot fills it', () => {
    const { store } = loaded();
    assert.deepEqual(store.order, ['t1', 't2', 't3', 't4']);
    assert.equal(store.tasks.get('t2')?.status, 'fixing');
    assert.equal(store.filesOf('t2').length, 2);
    assert.deepEqual(store.recent, ['Add tags']);
  });

  it('activity ops append, or replace from their start', () => {
    const { store } = loaded();
    const line = (summary: string) => ({ round: 0, tool: 'read_file', summary, isError: false });
    const b = applyBatch(store, [
      { type: 'patch', runId: 'run-1', ops: [{ op: 'activity', taskId: 't4', start: 0, items: [line('a'), line('b')] }] },
      { type: 'patch', runId: 'run-1', ops: [{ op: 'activity', taskId: 't4', start: 2, items: [line('c')] }] },
    ]);
    assert.deepEqual(store.activity.get('t4')?.map((a) => a.summary), ['a', 'b', 'c']);
    assert.equal(b.changes.activity.get('t4'), 0, 'the earliest changed line of the frame');
    applyBatch(store, [{ type: 'patch', runId: 'run-1', ops: [{ op: 'activity', taskId: 't4', start: 1, items: [line('B')] }] }]);
    assert.deepEqual(store.activity.get('t4')?.map((a) => a.summary), ['a', 'B']);
  });

  it('a decisions op changes the decisions of one file and reports that file only', () => {
    const { store } = loaded();
    const file = store.filesOf('t2').find((f) => f.path === 'src/api/tasks.js') as ViewFile;
    const [h1, h2] = file.hunks;
    const b = applyBatch(store, [{ type: 'patch', runId: 'run-1', ops: [{ op: 'decisions', taskId: 't2', path: file.path, verdict: 'mixed', hunks: { [h1!.id]: 'accepted', [h2!.id]: 'rejected' } }] }]);
    assert.deepEqual(file.hunks.map((h) => h.decision), ['accepted', 'rejected']);
    assert.equal(file.verdict, 'mixed');
    assert.deepEqual([...b.changes.decisions.get('t2')!], ['src/api/tasks.js']);
    assert.equal(b.changes.files.size, 0);
  });

  it('a task removed from the plan leaves with its activity and files', () => {
    const { store } = loaded();
    const b = applyBatch(store, [{ type: 'patch', runId: 'run-1', ops: [{ op: 'taskRemoved', taskId: 't2' }, { op: 'order', order: ['t1', 't3', 't4'] }] }]);
    assert.equal(store.tasks.has('t2'), false);
    assert.equal(store.activity.has('t2'), false);
    assert.equal(store.filesOf('t2').length, 0);
    assert.deepEqual([...b.changes.removed], ['t2']);
    assert.equal(b.changes.order, true);
  });

  it('a patch for another run asks for a snapshot and changes nothing', () => {
    const { store } = loaded();
    const b = applyBatch(store, [{ type: 'patch', runId: 'run-2', ops: [{ op: 'taskRemoved', taskId: 't1' }] }]);
    assert.equal(b.resync, true);
    assert.equal(store.tasks.has('t1'), true);
    assert.ok(isEmpty(b.changes));
  });

  it('malformed messages are dropped with a log line; the good ones of the same frame still apply', () => {
    const { store } = loaded();
    const b = applyBatch(store, [
      { type: 'patch', runId: 'run-1', ops: [{ op: 'task', task: { id: 't1', status: 'exploded' } }] },
      'not even an object',
      { type: 'recent', requests: ['one'] },
      { type: 'notice', area: 'review', level: 'error', text: 'Apply failed' },
    ]);
    assert.equal(b.dropped.length, 2);
    assert.match(b.dropped[0]!, /dropped a malformed message \("patch"\): ops\.0\.task/);
    assert.match(b.dropped[1]!, /\(string\)/);
    assert.equal(store.tasks.get('t1')?.status, 'proposed', 'nothing of the bad patch was applied');
    assert.deepEqual(store.recent, ['one']);
    assert.deepEqual(b.notices.map((n) => n.text), ['Apply failed']);
    assert.ok(!isEmpty(b.changes) && b.changes.recent);
  });

  it('noChanges is empty', () => {
    assert.ok(isEmpty(noChanges()));
  });
});
