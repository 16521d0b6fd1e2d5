import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agentTurns, call } from '../../../support/agentScripts';
import type { Script } from '../../../support/script';
import { type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';
import { makeModel, planTask, ROLES, squadFixture } from '../../../support/squadHarness';
import { reviseTask } from '../../../../src/core/run/driver';
import { acceptedSelection } from '../../../../src/core/review/selection';
import { createFsStorage } from '../../../../src/node/fsStorage';

const FILLER = Array.from({ length: 10 }, (_, i) => `export const filler${i} = ${i};`).join('\n');
const FILES = { 'src/api.js': `export const limit = 10;\n${FILLER}\nexport const name = "api";\n` };
const PLAN = { summary: 'Paged API', tasks: [planTask('t1', [], 'backend'), planTask('t2', ['t1'], 'frontend')] };

function script(): Script {
  return {
    turns: [
      { name: 't1 revision 0', match: { contains: ['Your task (t1)', 'asks for changes'], assistantTurns: 0 }, reply: { toolCalls: [call('propose_edit', { path: 'src/api.js', edits: [{ search: 'limit = 50', replace: 'limit = 20' }] })] } },
      { name: 't1 revision 1', match: { contains: ['Your task (t1)', 'asks for changes'], assistantTurns: 1 }, reply: { toolCalls: [call('finish', { summary: 'Limit 20.' })] } },
      { name: 't2 check 0', match: { contains: ['Your task (t2)', 'was revised after you proposed'], assistantTurns: 0 }, reply: { toolCalls: [call('propose_edit', { path: 'src/api.js', edits: [{ search: 'name = "ui-api"', replace: 'name = "ui-api-20"' }] })] } },
      { name: 't2 check 1', match: { contains: ['Your task (t2)', 'was revised after you proposed'], assistantTurns: 1 }, reply: { toolCalls: [call('finish', { summary: 'Name says 20.' })] } },
      ...agentTurns('t1', [[call('propose_edit', { path: 'src/api.js', edits: [{ search: 'limit = 10', replace: 'limit = 50' }] })], [call('finish', { summary: 'Limit 50.' })]]),
      ...agentTurns('t2', [[call('propose_edit', { path: 'src/api.js', edits: [{ search: 'name = "api"', replace: 'name = "ui-api"' }] })], [call('finish', { summary: 'Name.' })]]),
    ],
  };
}

/** A dependent that changed the same file as the revised task: its round sees the new text, and the two still compose. */
describe('request changes on a file a dependent also changed', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer(script(), { log: () => {} });
  });
  after(() => server.close());
  it('layers the dependent’s change onto the revised text, without a conflict', async () => {
    const fx = await squadFixture({ server, files: FILES, plan: PLAN });
    try {
      assert.equal((await fx.execute({ concurrency: 1 })).outcome, 'completed');
      const model = makeModel(server, 'openai', 'scripted', 0);
      const config = { root: fx.root, workspace: fx.workspace, storage: createFsStorage(fx.journalDir), modelFor: () => model, concurrency: 1, planLimits: { roles: ROLES, maxTasks: 9 }, maxFixRounds: 0 };
      const out = await reviseTask(fx.session, config, { scope: { kind: 'task', taskId: 't1' }, comment: 'Use 20.' }, new AbortController().signal);
      assert.deepEqual(out.dependents, ['t2']);
      assert.deepEqual(fx.session.state.tasks.t2!.history.map((h) => h.outcome), ['proposed', 'revised']);
      // t2's change was built on t1's first text; it layers three-way onto the revised one.
      await fx.session.emit({ type: 'review.decided', scope: { kind: 'run' }, decision: 'accepted' });
      const selection = acceptedSelection(fx.session.state);
      assert.deepEqual(selection.conflicts, []);
      const api = selection.files.find((f) => f.path === 'src/api.js');
      assert.equal(api?.content, `export const limit = 20;\n${FILLER}\nexport const name = "ui-api-20";\n`);
    } finally {
      await fx.dispose();
    }
  });
});
