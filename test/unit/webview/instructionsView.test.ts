import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunEventPayload } from '../../../src/core/run/events';
import { parseToWebview, type ToWebview, type ViewModel } from '../../../src/protocol/messages';
import { ViewTracker } from '../../../src/vscode/view/tracker';
import { noChanges, ViewStore } from '../../../src/webview/store';
import { lastState, runEvents, stamp } from './runFixture';

const round0: RunEventPayload = {
  type: 'instructions.used', taskId: 't1', round: 0, budget: 2000,
  files: [
    { path: 'db/AGENTS.md', source: 'agents', status: 'whole', tokens: 40, why: 'nearest to db/repo.js' },
    { path: 'AGENTS.md', source: 'agents', status: 'whole', tokens: 300, why: 'always' },
    { path: 'CLAUDE.md', source: 'claude', status: 'duplicate', tokens: 0, why: 'always; the same text as AGENTS.md' },
    { path: '.github/copilot-instructions.md', source: 'copilot', status: 'truncated', tokens: 1660, why: 'always' },
    { path: '.clinerules', source: 'cline', status: 'omitted', tokens: 90, why: 'always' },
  ],
};
// The fix round touched a SQL file: a rule joins, and the budget now leaves the Copilot file out.
const round1: RunEventPayload = {
  type: 'instructions.used', taskId: 't1', round: 1, budget: 2000,
  files: [
    { path: '.cursor/rules/sql.mdc', source: 'cursor', status: 'whole', tokens: 200, why: 'db/**/*.sql matches db/002.sql' },
    { path: '.github/copilot-instructions.md', source: 'copilot', status: 'omitted', tokens: 3000, why: 'always' },
  ],
};

function storeOf(model: ViewModel): ViewStore {
  const parsed = parseToWebview(JSON.parse(JSON.stringify({ type: 'snapshot', model, recent: [] } satisfies ToWebview)));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems);
  const store = new ViewStore();
  assert.equal(store.apply(parsed.message, noChanges()), 'ok');
  return store;
}

describe('the sidebar lists each task\'s project instructions', () => {
  it('projects every file once with its latest status, through the protocol, hiding duplicates', () => {
    const state = lastState(stamp([...runEvents(), round0, round1]));
    const store = storeOf(new ViewTracker().snapshot(state, false));
    assert.deepEqual(store.tasks.get('t1')?.instructions, [
      { path: 'db/AGENTS.md', status: 'whole', why: 'nearest to db/repo.js' },
      { path: 'AGENTS.md', status: 'whole', why: 'always' },
      { path: '.github/copilot-instructions.md', status: 'omitted', why: 'always' },
      { path: '.clinerules', status: 'omitted', why: 'always' },
      { path: '.cursor/rules/sql.mdc', status: 'whole', why: 'db/**/*.sql matches db/002.sql' },
    ]);
    assert.equal(store.tasks.get('t2')?.instructions, undefined, 'a task told nothing shows nothing');
  });

  it('an instructions.used event after the snapshot reaches the card as a patch', () => {
    const events = stamp([...runEvents(), round0]);
    const before = lastState(events.slice(0, -1));
    const tracker = new ViewTracker();
    tracker.snapshot(before, false);
    const ops = tracker.delta(lastState(events), false);
    assert.ok(ops && ops.length > 0);
    assert.match(JSON.stringify(ops), /"path":"db\/AGENTS.md","status":"whole"/);
  });
});
