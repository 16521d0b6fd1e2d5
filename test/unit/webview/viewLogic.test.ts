import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFromWebview, type ViewHunk, type ViewTask } from '../../../src/protocol/messages';
import { hunkHeader, hunkRows } from '../../../src/webview/diffRows';
import { displayStatus, elapsedOf, formatCost, formatElapsed, formatTokens, statusLabel } from '../../../src/webview/format';
import { layersOf } from '../../../src/webview/layers';
import { addTaskMessage, editTaskMessages, removeTaskMessage, roleChoices } from '../../../src/webview/planEdits';
import { decideMessage, scopeOf, toggledDecision, verdictLabel } from '../../../src/webview/reviewActions';
import { adoptRun, emptyUiState, fileKey, persistUiState, restoreUiState, toggle } from '../../../src/webview/uiState';

const usage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, calls: 0, cost: 0, knownCost: 0 };
const task = (over: Partial<ViewTask> = {}): ViewTask => ({
  id: 't2', role: 'backend', title: 'API', description: 'Build the API', dependsOn: ['t1'], status: 'pending', usage,
  verdict: 'none', applied: false, added: 0, removed: 0, history: [], ...over,
});

describe('wording', () => {
  it('tokens, cost (unknown when unknown) and elapsed time', () => {
    assert.deepEqual([0, 999, 1000, 1234, 9_949, 12_345, 999_499, 1_234_567, 12_500_000].map(formatTokens), ['0', '999', '1.0k', '1.2k', '9.9k', '12k', '999k', '1.2M', '13M']);
    assert.deepEqual([null, 0, 0.0042, 0.01, 1.5].map(formatCost), ['cost unknown', '$0', '$0.0042', '$0.01', '$1.50']);
    assert.deepEqual([0, 40, 400, 3_240, 59_999, 60_000, 65_000, 3_600_000 + 120_000].map(formatElapsed), ['0s', '0.1s', '0.4s', '3.2s', '59s', '1m 00s', '1m 05s', '1h 02m'], 'under a second is not "0s"');
    assert.equal(elapsedOf(undefined, undefined, 5000), '');
    assert.equal(elapsedOf(1000, undefined, 6000), '5s', 'a running task counts to now');
    assert.equal(elapsedOf(1000, 3000, 60_000), '2s', 'a finished one stops');
  });

  it('statuses: fixing round k of N, blocked by whom, and accepted / rejected / applied from the review', () => {
    assert.equal(statusLabel(task({ status: 'fixing', fixRound: 2 }), 3), 'fixing, round 2 of 3');
    assert.equal(statusLabel(task({ status: 'blocked', blockedBy: ['t1'] }), 3), 'blocked by t1');
    assert.equal(statusLabel(task({ status: 'proposed', verdict: 'none' }), 3), 'done, no changes');
    assert.equal(statusLabel(task({ status: 'proposed', verdict: 'undecided' }), 3), 'proposed');
    assert.equal(displayStatus(task({ status: 'proposed', verdict: 'accepted' })), 'accepted');
    assert.equal(displayStatus(task({ status: 'proposed', verdict: 'rejected' })), 'rejected');
    assert.equal(statusLabel(task({ status: 'proposed', verdict: 'mixed' }), 3), 'partly accepted');
    assert.equal(displayStatus(task({ status: 'proposed', verdict: 'mixed', applied: true })), 'applied');
    assert.equal(displayStatus(task({ status: 'fixing', verdict: 'accepted' })), 'fixing', 'a task at work is not yet reviewed');
  });
});

describe('the plan in layers', () => {
  it('a task sits one layer below its deepest dependency', () => {
    const deps: Record<string, string[]> = { a: [], b: ['a'], c: ['a'], d: ['b', 'c'], e: [] , f: ['d', 'e'] };
    assert.deepEqual(layersOf(Object.keys(deps), (id) => deps[id]), [['a', 'e'], ['b', 'c'], ['d'], ['f']]);
  });

  it('ignores unknown dependencies and survives a cycle', () => {
    const deps: Record<string, string[]> = { a: ['zz'], b: ['c'], c: ['b'] };
    const layers = layersOf(['a', 'b', 'c'], (id) => deps[id]);
    assert.deepEqual(layers.flat().sort(), ['a', 'b', 'c']);
  });

  it('200 tasks in a chain of twenty layers of ten', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `t${i}`);
    const layers = layersOf(ids, (id) => {
      const i = Number(id.slice(1));
      return i < 10 ? [] : [`t${i - 10}`];
    });
    assert.equal(layers.length, 20);
    assert.ok(layers.every((l) => l.length === 10));
  });
});

describe('diff rows', () => {
  it('numbers old and new lines the way a diff editor does', () => {
    const h: ViewHunk = { id: 'h', oldStart: 3, oldLines: 3, newStart: 3, newLines: 3, lines: [' a', '-b', '+B', ' c', '\\ No newline at end of file'], decision: 'undecided' };
    assert.equal(hunkHeader(h), '@@ -3,3 +3,3 @@');
    assert.deepEqual(hunkRows(h), [
      { kind: 'ctx', oldNo: 3, newNo: 3, text: 'a' },
      { kind: 'del', oldNo: 4, text: 'b' },
      { kind: 'add', newNo: 4, text: 'B' },
      { kind: 'ctx', oldNo: 5, newNo: 5, text: 'c' },
      { kind: 'note', text: 'No newline at end of file' },
    ]);
    assert.equal(hunkHeader({ ...h, oldStart: 1, oldLines: 0, newStart: 1, newLines: 1 }), '@@ -0,0 +1 @@');
  });
});

describe('UI state kept while hidden', () => {
  it('round-trips, and anything unreadable becomes an empty state', () => {
    const ui = emptyUiState();
    ui.runId = 'r1';
    toggle(ui.expandedTasks, 't1');
    toggle(ui.expandedFiles, fileKey('t1', 'src/a.ts'));
    ui.scrollTop = 420;
    ui.draft = 'half a request';
    ui.dismissedResume = 'r1';
    const back = restoreUiState(JSON.parse(JSON.stringify(persistUiState(ui))));
    assert.deepEqual(back, ui, 'a dismissed Resume offer stays dismissed when the view comes back');
    assert.equal(restoreUiState({ v: 1, runId: 'r' }).dismissedResume, null, 'a state saved before the field existed reads as nothing dismissed');
    assert.deepEqual(restoreUiState(undefined), emptyUiState());
    assert.deepEqual(restoreUiState({ v: 2 }), emptyUiState());
    const partial = restoreUiState({ v: 1, runId: 'r', expandedTasks: 'oops', scrollTop: -5, draft: 'keep me' });
    assert.deepEqual([partial.runId, [...partial.expandedTasks], partial.scrollTop, partial.draft], ['r', [], 0, 'keep me']);
  });

  it('another run closes what was open but keeps the unsent request', () => {
    const ui = restoreUiState({ v: 1, runId: 'r1', expandedTasks: ['t1'], expandedFiles: ['t1:a'], collapsedSections: ['tests'], scrollTop: 10, draft: 'draft' });
    assert.equal(adoptRun(ui, 'r1'), false);
    assert.equal(adoptRun(ui, null), false, 'no run yet (the extension is loading it) keeps the state');
    assert.equal(ui.expandedTasks.size, 1);
    assert.equal(adoptRun(ui, 'r2'), true);
    assert.deepEqual([ui.expandedTasks.size, ui.expandedFiles.size, ui.scrollTop, ui.draft, [...ui.collapsedSections]], [0, 0, 0, 'draft', ['tests']]);
  });
});

describe('plan gate messages', () => {
  const form = { title: 'API', description: 'Build the API', role: 'backend', dependsOn: ['t1'] };

  it('sends only what changed, and nothing when nothing did', () => {
    assert.deepEqual(editTaskMessages(task(), form), { ok: true, messages: [] });
    const r = editTaskMessages(task(), { ...form, title: '  Public API ', role: 'frontend' });
    assert.deepEqual(r, { ok: true, messages: [{ type: 'editPlan', edit: { kind: 'updateTask', taskId: 't2', title: 'Public API', role: 'frontend' } }] });
  });

  it('a Save is one edit: a description and a dependency change travel together, kept whole or refused whole', () => {
    const r = editTaskMessages(task(), { ...form, dependsOn: ['t3', 't1', 't3'] });
    assert.deepEqual(r, { ok: true, messages: [{ type: 'editPlan', edit: { kind: 'updateTask', taskId: 't2', dependsOn: ['t3', 't1'] } }] });
    assert.deepEqual(editTaskMessages(task(), { ...form, dependsOn: [] }), { ok: true, messages: [{ type: 'editPlan', edit: { kind: 'updateTask', taskId: 't2', dependsOn: [] } }] });
    const both = editTaskMessages(task(), { ...form, description: 'Build the public API', dependsOn: ['t1', 't3'] });
    assert.deepEqual(both, { ok: true, messages: [{ type: 'editPlan', edit: { kind: 'updateTask', taskId: 't2', description: 'Build the public API', dependsOn: ['t1', 't3'] } }] });
  });

  it('refuses an empty title or description before sending', () => {
    assert.deepEqual(editTaskMessages(task(), { ...form, title: ' ' }), { ok: false, problem: 'A task needs a title.' });
    assert.equal(addTaskMessage({ ...form, description: '' }).ok, false);
  });

  it('add and remove; every message it makes parses', () => {
    const add = addTaskMessage({ title: 'Tests', description: 'Write them', role: 'qa', dependsOn: ['t1', 't2'] });
    assert.ok(add.ok);
    const edit = editTaskMessages(task(), { ...form, title: 'X', dependsOn: [] });
    const all = [...(add.ok ? add.messages : []), removeTaskMessage('t3'), ...(edit.ok ? edit.messages : [])];
    assert.equal(all.length, 3);
    for (const m of all) assert.ok(parseFromWebview(m).ok, JSON.stringify(m));
    assert.deepEqual(roleChoices(['database', 'qa'], 'docs'), ['database', 'qa', 'docs']);
  });
});

describe('review decisions', () => {
  it('pressing a pressed button restores the part to undecided', () => {
    assert.equal(toggledDecision('undecided', 'accepted'), 'accepted');
    assert.equal(toggledDecision('accepted', 'accepted'), 'undecided');
    assert.equal(toggledDecision('rejected', 'rejected'), 'undecided');
    assert.equal(toggledDecision('mixed', 'rejected'), 'rejected');
    assert.equal(toggledDecision('accepted', 'rejected'), 'rejected');
  });

  it('reads the scope from a button\'s data, and the message parses', () => {
    assert.deepEqual(scopeOf({ scope: 'hunk', task: 't1', path: 'a.ts', hunk: 'h1' }), { kind: 'hunk', taskId: 't1', path: 'a.ts', hunkId: 'h1' });
    assert.deepEqual(scopeOf({ scope: 'run' }), { kind: 'run' });
    assert.equal(scopeOf({ scope: 'file', task: 't1' }), undefined);
    const msg = decideMessage({ kind: 'file', taskId: 't1', path: 'a.ts' }, 'rejected', 'rejected');
    assert.deepEqual(msg, { type: 'decide', scope: { kind: 'file', taskId: 't1', path: 'a.ts' }, decision: 'undecided' });
    assert.ok(parseFromWebview(msg).ok);
    assert.deepEqual(['accepted', 'rejected', 'mixed', 'undecided', 'none'].map((v) => verdictLabel(v as 'mixed')), ['accepted', 'rejected', 'partly accepted', 'undecided', '']);
  });
});
