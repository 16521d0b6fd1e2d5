import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectRun as foldRun } from '../../../src/core/run/reduce';
import type { RunEvent } from '../../../src/core/run/events';
import { ViewRun } from '../../../src/protocol/viewModel';
import { projectRun } from '../../../src/vscode/view/project';

const counts = { hunks: 0, accepted: 0, rejected: 0, undecided: 0, toApply: 0 };
const started = (extra: Partial<Extract<RunEvent, { type: 'run.started' }>>): RunEvent =>
  ({ type: 'run.started', runId: 'r1', seq: 0, at: 1, request: 'x', workspaceName: 'ws', roles: ['backend', 'docs'], ...extra });

test('the sidebar gets where each role came from, from the journaled roster', () => {
  const state = foldRun([started({ roster: [{ name: 'backend', source: 'built-in' }, { name: 'docs', source: '.squad/agents/docs.agent.md', prompt: 'You write docs.' }] })]);
  const view = ViewRun.parse(projectRun(state, false, counts));
  assert.deepEqual(view.roleSources, { backend: 'built-in', docs: '.squad/agents/docs.agent.md' });
});

test('a journal from before rosters: built-in roles by name, others from the settings', () => {
  const state = foldRun([started({})]);
  assert.deepEqual(state.roster, [{ name: 'backend', source: 'built-in' }, { name: 'docs', source: 'settings' }]);
  assert.deepEqual(projectRun(state, false, counts).roleSources, { backend: 'built-in', docs: 'settings' });
});
