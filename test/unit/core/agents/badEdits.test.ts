import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agentTurns, call } from '../../../support/agentScripts';
import { type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';
import { lastToolResults, planTask, proposals, requestsFor, squadFixture } from '../../../support/squadHarness';

const CART = [
  'export function total(items) {',
  '  let sum = 0;',
  '  for (const item of items) {',
  '    sum += item.price * item.quantity;',
  '  }',
  '  return sum;',
  '}',
  '',
  'export function empty(list) {',
  '  return null;',
  '}',
  '',
  'export function none(list) {',
  '  return null;',
  '}',
  '',
].join('\n');

describe('edits the model gets wrong come back as errors it can correct', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
  });
  after(() => server.close());

  it('a missing file, a search that matches nothing and an ambiguous search are error results; the corrected edits are proposed', async () => {
    server.setScript({
      turns: agentTurns('t1', [
        [call('propose_edit', { path: 'src/missing.js', edits: [{ search: 'x', replace: 'y' }] })],
        // Remembered wrongly: names the closest lines with their similarity.
        [call('propose_edit', { path: 'src/cart.js', edits: [{ search: '  for (const entry of entries) {\n    sum += entry.cost * entry.qty;\n  }', replace: '  // gone' }] })],
        [call('propose_edit', { path: 'src/cart.js', edits: [{ search: '  return null;', replace: '  return [];' }] })],
        // Two edits in one call: the second is ambiguous, so neither is applied.
        [call('propose_edit', { path: 'src/cart.js', edits: [{ search: 'let sum = 0;', replace: 'let sum = 0n;' }, { search: '}\n', replace: '};\n' }] })],
        // Corrected: a new file through create_file, unique search texts for the edits.
        [
          call('create_file', { path: 'src/missing.js', content: 'export const y = 1;\n' }),
          call('propose_edit', { path: 'src/cart.js', edits: [{ search: 'export function empty(list) {\n  return null;', replace: 'export function empty(list) {\n  return [];' }] }),
        ],
        [call('finish', { summary: 'empty() returns an array.' })],
      ]),
    });
    const run = await squadFixture({ server, files: { 'src/cart.js': CART }, plan: { summary: 'edits', tasks: [planTask('t1')] } });
    try {
      const since = server.requests.length;
      const { outcome } = await run.execute();
      assert.equal(outcome, 'completed');

      const result = (turn: number) => lastToolResults(requestsFor(server, `t1 turn ${turn}`, since)[0]);
      const [missing] = result(1);
      assert.equal(missing?.isError, true);
      assert.equal(missing?.content, 'src/missing.js does not exist. Use create_file to create it.');

      const [noMatch] = result(2);
      assert.equal(noMatch?.isError, true);
      assert.match(noMatch?.content ?? '', /^src\/cart\.js: no match for edit 1\. Closest \(\d+% similar\) is lines 3-5:\n3: {3}for \(const item of items\) \{\n4: {5}sum \+= item\.price \* item\.quantity;\n5: {3}\}\n/);

      const [ambiguous] = result(3);
      assert.equal(ambiguous?.isError, true);
      assert.equal(ambiguous?.content, 'src/cart.js: edit 1 matches 2 places (lines 10-10, lines 14-14). Include more surrounding lines in search so it matches exactly one place.');

      const [secondAmbiguous] = result(4);
      assert.equal(secondAmbiguous?.isError, true);
      assert.match(secondAmbiguous?.content ?? '', /^src\/cart\.js: edit 2 matches \d+ places/);

      assert.deepEqual(result(5).map((r) => r.isError), [false, false]);
      const t1 = proposals(run.session).t1 ?? [];
      assert.deepEqual(t1.map((c) => c.path), ['src/cart.js', 'src/missing.js']);
      // Only the corrected edit landed: the refused calls (including edit 1 of the ambiguous pair) left nothing behind.
      assert.equal(t1[0]?.content, CART.replace('empty(list) {\n  return null;', 'empty(list) {\n  return [];'));
      assert.equal(t1[1]?.base, null);
      assert.equal(t1[1]?.content, 'export const y = 1;\n');
      const errors = run.session.state.tasks.t1?.activity.filter((a) => a.isError).map((a) => a.summary) ?? [];
      assert.equal(errors.length, 4);
      assert.match(errors[0] ?? '', /^propose_edit failed: src\/missing\.js does not exist/);
    } finally {
      await run.dispose();
    }
  });

  it('a finish in the same reply as a failed edit does not end the task: the model sees the error first', {
  }, async () => {
    server.setScript({
      turns: agentTurns('t1', [
        [
          call('propose_edit', { path: 'src/cart.js', edits: [{ search: 'let total = 0;', replace: 'let total = 0n;' }] }),
          call('finish', { summary: 'Switched the sum to BigInt.' }),
        ],
        [call('propose_edit', { path: 'src/cart.js', edits: [{ search: 'let sum = 0;', replace: 'let sum = 0n;' }] })],
        [call('finish', { summary: 'Switched the sum to BigInt.' })],
      ]),
    });
    const run = await squadFixture({ server, files: { 'src/cart.js': CART }, plan: { summary: 'finish too early', tasks: [planTask('t1')] } });
    try {
      const since = server.requests.length;
      await run.execute();
      const results = lastToolResults(requestsFor(server, 't1 turn 1', since)[0]);
      assert.deepEqual(results.map((r) => r.isError), [true, true]);
      assert.equal(run.session.state.tasks.t1?.status, 'proposed');
      assert.equal(proposals(run.session).t1?.[0]?.content, CART.replace('let sum = 0;', 'let sum = 0n;'));
    } finally {
      await run.dispose();
    }
  });
});
