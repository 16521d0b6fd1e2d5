/**
 * Test what is applied, through the CLI with the real sandboxed runner: the
 * run's tests pass on every proposal; applying without the frontend task warns that QA depends on
 * it, and `--test` runs the approved command on exactly that selection, which fails — nothing is
 * written. The whole run, tested the same way, passes and is applied.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runSquadCli } from '../../support/cliHarness';
import { sandboxRequired } from '../../support/sandbox';
import { cliEnv, journalOf, parseRunJson } from '../../support/cliRuns';
import { LABEL_JS, SELECTION_FILES, selectionScript } from '../../support/selectionProject';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { makeTempWorkspace } from '../../support/tempWorkspace';

describe('squad apply tests what it applies', { timeout: 180_000 }, () => {
  let server: ScriptedServer;
  let home: string;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-selection-'));
  });
  after(async () => {
    await server.close();
    await fs.rm(home, { recursive: true, force: true });
  });

  it('rejecting the frontend task: a warning names QA, and the selection\'s tests fail while the full run passed', async () => {
    server.setScript(selectionScript());
    const ws = await makeTempWorkspace(SELECTION_FILES);
    const env = cliEnv(server, home);
    try {
      const run = await runSquadCli(['run', 'Show a price label', '--workspace', ws.root, '--yes', '--json'], env, ws.root);
      assert.equal(run.code, 0, run.stderr);
      const out = parseRunJson(run.stdout);
      assert.equal(out.tests?.outcome, 'passed');
      assert.equal(out.tests?.summary, 'All 3 tests pass.');

      const warned = await runSquadCli(['apply', out.runId, '--task', 't1', '--task', 't3', '--test', '--workspace', ws.root], env, ws.root);
      assert.match(warned.stderr, /Warning: frontend \(t2\) is rejected, but qa \(t3\) depends on it\./);
      assert.match(warned.stderr, /Warning: the tests ran on all proposals; you are applying a different selection \(frontend \(t2\) rejected\)\./);
      assert.match(warned.stderr, /tests on the accepted selection: 1 passed, 1 failed: test\/label\.test\.js\n/);
      assert.match(warned.stderr, /Nothing was applied: the tests fail on the chosen selection\./);
      assert.equal(warned.code, 1);
      assert.equal(await fs.readFile(path.join(ws.root, 'src/price.js'), 'utf8'), SELECTION_FILES['src/price.js'], 'nothing written');
      await assert.rejects(fs.stat(path.join(ws.root, 'test/label.test.js')));

      const { events } = await journalOf(run.stderr);
      const selectionRuns = events.filter((e) => e.type === 'tests.selectionRun');
      assert.equal(selectionRuns.length, 1);
      const sel = selectionRuns[0]!;
      assert.ok(sel.type === 'tests.selectionRun');
      assert.equal(sel.files, 2, 'src/price.js and test/label.test.js: the label itself is left out');
      assert.equal(sel.failed, 1);
      assert.equal(sel.passed, 1);
      assert.doesNotMatch(warned.stderr, /It was not tested/, '--test was given: no hint to add it');
      assert.match(sel.digest, /^[0-9a-f]{24}$/);
      assert.equal(sel.sandboxed, await sandboxRequired(), 'in the OS sandbox wherever the machine has one');
      // QA's test file cannot import the label it tests: the part that was rejected.
      assert.deepEqual(sel.failures.map((f) => f.test), ['test/label.test.js']);

      // The same selection again, without --test: the result stands for it and is printed.
      const again = await runSquadCli(['apply', out.runId, '--task', 't1', '--task', 't3', '--workspace', ws.root, '--json'], env, ws.root);
      assert.match(again.stderr, /On this selection: 1 passed, 1 failed: test\/label\.test\.js/);
      assert.equal(again.code, 0, again.stderr);
      const back = await runSquadCli(['rollback', out.runId, '--workspace', ws.root], env, ws.root);
      assert.equal(back.code, 0, back.stderr);

      // Everything, tested first: no warning, the tests pass on it, and it is applied.
      const all = await runSquadCli(['apply', out.runId, '--test', '--workspace', ws.root], env, ws.root);
      assert.equal(all.code, 0, all.stderr);
      assert.doesNotMatch(all.stderr, /Warning:/);
      assert.match(all.stderr, /tests on the accepted selection: 3 passed, 0 failed/);
      assert.equal(await fs.readFile(path.join(ws.root, 'src/label.js'), 'utf8'), LABEL_JS);
    } finally {
      await ws.dispose();
    }
  });
});
