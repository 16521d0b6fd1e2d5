import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { call } from '../../../support/agentScripts';
import { loopFixture } from '../../../support/loopHarness';
import { backendTurns, FIX_DISCOUNT, fixTurns, qaTurns, SHOP_FILES, SHOP_PLAN } from '../../../support/loopProject';
import { type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';

const MB = 1024 * 1024;

/** QA's discount test, which also prints 20 MB to stdout before it asserts. */
const LOUD_TEST = [
  "import { test } from 'node:test';",
  "import assert from 'node:assert/strict';",
  "import { total } from '../src/price.js';",
  '',
  "test('total subtracts the discount', () => {",
  "  const line = 'x'.repeat(1023) + '\\n';",
  '  for (let i = 0; i < 20 * 1024; i++) process.stdout.write(line);',
  '  assert.equal(total([{ price: 10 }], 3), 7);',
  '});',
  '',
].join('\n');

describe('the test loop on a test command that prints megabytes', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
  });
  after(() => server.close());

  it('keeps the journal small, still parses and routes the failure, and the fix round passes', async () => {
    server.setScript({
      turns: [
        ...fixTurns('t1', [[FIX_DISCOUNT], [call('finish', { summary: 'Subtract the discount.' })]]),
        ...backendTurns({ buggy: true }),
        ...qaTurns({ 'test/discount.test.js': LOUD_TEST }),
      ],
    });
    const fx = await loopFixture({ server, files: SHOP_FILES, plan: SHOP_PLAN, command: 'node --test', maxOutputBytes: 2 * MB });
    try {
      assert.equal(await fx.execute(), 'completed');
      const since = server.requests.length;
      assert.equal(await fx.loop(), 'passed');

      const [round0, round1] = fx.session.state.tests.rounds;
      assert.equal(round0?.format, 'node-spec');
      // The summary at the end of 20 MB of output survived the cap: the failure was read and routed.
      assert.deepEqual(round0?.failures.map((f) => [f.test, f.file, f.taskId, f.kind]), [['total subtracts the discount', 'src/price.js', 't1', 'routed']]);
      assert.match(round0?.failures[0]?.message ?? '', /13 !== 7/);
      assert.deepEqual([round1?.failed, round1?.passed], [0, 2]);

      // 40 MB went through two rounds; the journal holds kilobytes of it.
      const journal = await fs.readFile(fx.journalFile, 'utf8');
      const lines = journal.split('\n').filter((l) => l !== '');
      assert.ok(journal.length < 256 * 1024, `journal is ${journal.length} bytes`);
      for (const line of lines.filter((l) => l.includes('"type":"tests.finished"'))) {
        assert.ok(line.length < 16 * 1024, `a tests.finished line is ${line.length} bytes`);
        const event = JSON.parse(line) as { rawTail: string };
        assert.ok(event.rawTail.length <= 4000, `rawTail is ${event.rawTail.length} chars`);
      }
      const fixRequest = server.requests.slice(since).find((r) => r.turnName === 't1 fix 1.0');
      assert.ok(fixRequest, 'backend was asked to fix');
      assert.ok(JSON.stringify(fixRequest.body).length < 64 * 1024, 'the fix request carries no bulk output');
    } finally {
      await fx.dispose();
    }
  });
});
