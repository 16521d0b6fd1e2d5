import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agentTurns, call } from '../../../support/agentScripts';
import { type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';
import { finalFiles } from '../../../../src/core/changes/final';
import type { RunSession } from '../../../../src/core/run/session';
import { eventHappened, gatedModel, lastToolResults, planTask, proposals, requestsFor, squadFixture, statuses } from '../../../support/squadHarness';
import { proposalsOf } from '../../../support/journalTexts';

const CONFIG = Array.from({ length: 20 }, (_, i) => `export const setting${i + 1} = ${i + 1};\n`).join('');
const withLine = (text: string, n: number, line: string) => text.replace(`export const setting${n} = ${n};\n`, `${line}\n`);
const edit = (n: number, line: string) => call('propose_edit', { path: 'src/config.js', edits: [{ search: `export const setting${n} = ${n};`, replace: line }] });

/**
 * t1 and t2 both edit src/config.js from the same original. t1 finishes only after t2 has proposed
 * its edit, and t2 finishes only after t1 has settled: so the two truly overlap, and t2 is the later one.
 */
function sequenced(session: () => RunSession) {
  const t2Proposed = () => eventHappened(session(), (e) => e.type === 'proposal.updated' && e.taskId === 't2');
  const t1Settled = () => eventHappened(session(), (e) => e.type === 'task.finished' && e.taskId === 't1');
  return { wrapModel: (m: Parameters<typeof gatedModel>[0]) => gatedModel(m, { 't1 turn 1': t2Proposed, 't2 turn 1': t1Settled }) };
}

describe('two agents editing one file at the same time', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
  });
  after(() => server.close());

  it('non-overlapping edits: both are proposed, the later one rebased onto the earlier; a dependent sees both', async () => {
    server.setScript({
      turns: [
        ...agentTurns('t1', [[edit(2, 'export const setting2 = "two";')], [call('finish', { summary: 'setting2 is a string.' })]]),
        ...agentTurns('t2', [[edit(18, 'export const setting18 = "eighteen";')], [call('finish', { summary: 'setting18 is a string.' })]]),
        ...agentTurns('t3', [[call('read_file', { path: 'src/config.js' })], [call('finish', { summary: 'Checked.' })]]),
      ],
    });
    const plan = { summary: 'parallel', tasks: [planTask('t1', [], 'database'), planTask('t2', [], 'frontend'), planTask('t3', ['t1', 't2'], 'qa')] };
    const run = await squadFixture({ server, files: { 'src/config.js': CONFIG }, plan });
    try {
      const since = server.requests.length;
      const { outcome, changes } = await run.execute({ concurrency: 2, ...sequenced(() => run.session) });
      assert.equal(outcome, 'completed');
      assert.deepEqual(statuses(run.session), { t1: 'proposed', t2: 'proposed', t3: 'proposed' });

      const t1Text = withLine(CONFIG, 2, 'export const setting2 = "two";');
      const both = withLine(t1Text, 18, 'export const setting18 = "eighteen";');
      // t2 first built on the original; once t1 settled its proposal was rebased onto t1's text.
      assert.equal(proposalsOf(run.session.events, 't2')[0]?.[0]?.base, CONFIG);
      assert.deepEqual(proposals(run.session).t2, [{ path: 'src/config.js', base: t1Text, content: both }]);
      assert.deepEqual(proposals(run.session).t1, [{ path: 'src/config.js', base: CONFIG, content: t1Text }]);

      const final = await finalFiles(changes, ['t1', 't2']);
      assert.deepEqual(final, [{ path: 'src/config.js', original: CONFIG, content: both }]);
      // The dependent task read the combined file.
      const [read] = lastToolResults(requestsFor(server, 't3 turn 1', since)[0]);
      assert.match(read?.content ?? '', / 2 \| export const setting2 = "two";/);
      assert.match(read?.content ?? '', /18 \| export const setting18 = "eighteen";/);
    } finally {
      await run.dispose();
    }
  });

  it('overlapping different edits: the later task fails with a conflict naming the file and lines; nothing is overwritten', async () => {
    server.setScript({
      turns: [
        ...agentTurns('t1', [[edit(10, 'export const setting10 = 1000;')], [call('finish', { summary: 'setting10 is 1000.' })]]),
        ...agentTurns('t2', [[edit(10, 'export const setting10 = -10;')], [call('finish', { summary: 'setting10 is negative.' })]]),
      ],
    });
    const plan = { summary: 'conflict', tasks: [planTask('t1', [], 'database'), planTask('t2', [], 'frontend'), planTask('t3', ['t2'], 'qa')] };
    const run = await squadFixture({ server, files: { 'src/config.js': CONFIG }, plan });
    try {
      const { outcome, changes } = await run.execute({ concurrency: 2, ...sequenced(() => run.session) });
      assert.equal(outcome, 'incomplete');
      assert.deepEqual(statuses(run.session), { t1: 'proposed', t2: 'failed', t3: 'blocked' });
      const t2 = run.session.state.tasks.t2;
      assert.equal(t2?.code, 'changes/conflict');
      assert.equal(t2?.reason, 'Its changes conflict with tasks that finished first: src/config.js lines 10-10.');

      const t1Text = withLine(CONFIG, 10, 'export const setting10 = 1000;');
      // t1's version stands; t2's proposal is kept as it was, on the original, for the user to see.
      assert.deepEqual(await finalFiles(changes, ['t1']), [{ path: 'src/config.js', original: CONFIG, content: t1Text }]);
      assert.deepEqual(proposals(run.session).t2, [{ path: 'src/config.js', base: CONFIG, content: withLine(CONFIG, 10, 'export const setting10 = -10;') }]);
      // Layering both anyway is refused, not resolved by letting one side win.
      await assert.rejects(finalFiles(changes, ['t1', 't2']), (err: Error & { code?: string }) => err.code === 'changes/conflict' && /src\/config\.js: the change of task t2 conflicts/.test(err.message));
    } finally {
      await run.dispose();
    }
  });

  it('the same edit made by both merges cleanly', async () => {
    server.setScript({
      turns: [
        ...agentTurns('t1', [[edit(5, 'export const setting5 = 55;')], [call('finish', { summary: 'setting5 is 55.' })]]),
        ...agentTurns('t2', [[edit(5, 'export const setting5 = 55;')], [call('finish', { summary: 'setting5 is 55 too.' })]]),
      ],
    });
    const plan = { summary: 'same edit', tasks: [planTask('t1', [], 'database'), planTask('t2', [], 'frontend')] };
    const run = await squadFixture({ server, files: { 'src/config.js': CONFIG }, plan });
    try {
      const { outcome, changes } = await run.execute({ concurrency: 2, ...sequenced(() => run.session) });
      assert.equal(outcome, 'completed');
      const expected = withLine(CONFIG, 5, 'export const setting5 = 55;');
      assert.deepEqual(await finalFiles(changes, ['t1', 't2']), [{ path: 'src/config.js', original: CONFIG, content: expected }]);
    } finally {
      await run.dispose();
    }
  });
});
