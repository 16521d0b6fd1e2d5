import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { call, planTurn } from '../../support/agentScripts';
import { runSquadCli } from '../../support/cliHarness';
import { cliEnv, journalOf, parseRunJson } from '../../support/cliRuns';
import { backendTurns, FIX_DISCOUNT, fixTurns, qaTurns, SHOP_FILES, SHOP_PLAN } from '../../support/loopProject';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { makeTempWorkspace } from '../../support/tempWorkspace';

/** 20 MB on stdout, then a failure whose message alone is 2 MB (and lands in the JUnit report too). */
const FLOODING_TEST = [
  "import { test } from 'node:test';",
  "import { total } from '../src/price.js';",
  '',
  "test('total subtracts the discount', () => {",
  "  const line = 'x'.repeat(1023) + '\\n';",
  '  for (let i = 0; i < 20 * 1024; i++) process.stdout.write(line);',
  "  if (total([{ price: 10 }], 3) !== 7) throw new Error('total is wrong: ' + 'y'.repeat(2 * 1024 * 1024));",
  '});',
  '',
].join('\n');

describe('squad run on tests that flood their output', () => {
  let server: ScriptedServer;
  let home: string;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-tests-flood-'));
  });
  after(async () => {
    await server.close();
    await fs.rm(home, { recursive: true, force: true });
  });

  it('20 MB of output and a 2 MB failure message: the journal and the output stay small, the failure is still routed and fixed', async () => {
    server.setScript({
      turns: [
        planTurn(SHOP_PLAN),
        ...fixTurns('t1', [[FIX_DISCOUNT], [call('finish', { summary: 'Subtract the discount.' })]]),
        ...backendTurns({ buggy: true }),
        ...qaTurns({ 'test/discount.test.js': FLOODING_TEST }),
      ],
    });
    const ws = await makeTempWorkspace(SHOP_FILES);
    try {
      const result = await runSquadCli(['run', 'Add discounts', '--workspace', ws.root, '--yes', '--json'], cliEnv(server, home), ws.root);
      assert.equal(result.code, 0, result.stderr.slice(-4000));
      const out = parseRunJson(result.stdout);
      assert.equal(out.tests?.outcome, 'passed');
      const [round0] = out.tests?.rounds ?? [];
      assert.deepEqual(round0?.failures.map((f) => [f.test, f.file, f.taskId, f.kind]), [['total subtracts the discount', 'src/price.js', 't1', 'routed']]);
      assert.match(round0?.failures[0]?.message ?? '', /^Error: total is wrong: y+/);
      assert.ok((round0?.failures[0]?.message.length ?? 0) <= 2000);

      const { text, events } = await journalOf(result.stderr);
      assert.ok(text.length < 256 * 1024, `journal is ${text.length} bytes`);
      for (const e of events) {
        if (e.type !== 'tests.finished') continue;
        assert.ok(JSON.stringify(e).length < 16 * 1024, `tests.finished of round ${e.round} is ${JSON.stringify(e).length} bytes`);
        assert.ok(e.rawTail.length <= 4000);
      }
      // What the CLI printed stays small too.
      assert.ok(result.stdout.length < 64 * 1024, `stdout is ${result.stdout.length} bytes`);
      assert.ok(result.stderr.length < 64 * 1024, `stderr is ${result.stderr.length} bytes`);
    } finally {
      await ws.dispose();
    }
  });
});
