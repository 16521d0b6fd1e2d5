import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RevisionState } from '../../../src/core/run/revisionState';
import type { ViewTask } from '../../../src/protocol/messages';
import { withRevisions } from '../../../src/vscode/view/projectRevisions';
import { activityRoundLabel, revisedNote, revisingLabel, roundLine } from '../../../src/webview/revisionWords';

const usage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, calls: 0, cost: 0, knownCost: 0 };

function task(id: string, over: Partial<ViewTask> = {}): ViewTask {
  return { id, role: 'backend', title: `Task ${id}`, description: '', dependsOn: [], status: 'proposed', usage, verdict: 'undecided', applied: false, added: 1, removed: 1, history: [{ round: 0, outcome: 'proposed' }], ...over };
}

const REVISIONS: RevisionState = {
  requests: [{ taskId: 't1', round: 3, scope: { kind: 'hunk', taskId: 't1', path: 'a.js', hunkId: 'h1' }, comment: 'Use 20, not 50.', at: 1 }],
  notices: [
    { taskId: 't2', dependency: 't1', dependencyRound: 3, round: 4, at: 2 },
    { taskId: 't3', dependency: 't1', dependencyRound: 3, at: 3 },
  ],
};

describe('a task card’s rounds after request changes', () => {
  it('labels each round by why it ran, numbered as the history shows them', () => {
    const t1 = withRevisions(task('t1', { history: [{ round: 0, outcome: 'proposed' }, { round: 1, outcome: 'revised', summary: 'Fixed the test.' }, { round: 3, outcome: 'revised', summary: 'Limit 20.' }] }), REVISIONS);
    assert.deepEqual(t1.history.map((h, i) => roundLine(h, i)).slice(1), [
      'Round 2 — fix for the failing tests: revised: Fixed the test.',
      'Round 3 — after your comment “Use 20, not 50.”: revised: Limit 20.',
    ]);
    assert.equal(activityRoundLabel(t1, 3), 'round 3');
    assert.equal(activityRoundLabel(t1, 7), 'round 4', 'a round still working is the next one');
    assert.equal(t1.revisedDependencies, undefined);
  });

  it('tells a dependent on its card, and says what a revision round does while it works', () => {
    const t2 = withRevisions(task('t2', { status: 'fixing', fixRound: 4 }), REVISIONS);
    assert.equal(revisedNote(t2), 't1 was revised after this was proposed');
    assert.equal(revisingLabel(t2), 'checking t1\'s revision');
    const t3 = withRevisions(task('t3'), REVISIONS);
    assert.equal(revisedNote(t3), 't1 was revised after this was proposed', 'further down: told, without a round');
    assert.equal(revisingLabel(t3), undefined);
    const working = withRevisions(task('t1', { status: 'fixing', fixRound: 3 }), REVISIONS);
    assert.equal(revisingLabel(working), 'revising after your comment');
    const untouched = task('t9');
    assert.equal(withRevisions(untouched, { requests: [], notices: [] }), untouched);
  });
});
