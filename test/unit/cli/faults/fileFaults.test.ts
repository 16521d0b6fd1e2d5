/**
 * File-system faults during `squad run … --apply`: a read-only file (refused before anything is
 * written), a file that cannot be replaced while the two written before it were (they are put
 * back), and a proposed file whose name is too long. Each leaves the workspace exactly as it was
 * (walked byte for byte, modes included, no temporary file or created folder left), the journal
 * closed, one JSON object and a non-zero exit. Resumed once the fault is gone, the run applies
 * without asking the model anything; a name too long never goes, so its resume refuses again.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FILE_FAULT_KINDS, runFileFaultCase } from '../../../support/faultCases';
import { faultFreeScript } from '../../../support/faultProject';
import { appliedTree, type CliContext } from '../../../support/faultRuns';
import { type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';

describe('file-system faults during the apply, then resume', () => {
  let server: ScriptedServer;
  let home: string;
  let ctx: CliContext;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-faults-home-'));
    ctx = { server, home, mode: 'plain', applied: await appliedTree(server, home, 'plain', faultFreeScript()) };
  });
  after(async () => {
    await server.close();
    await fs.rm(home, { recursive: true, force: true });
  });

  for (const kind of FILE_FAULT_KINDS) {
    it(kind, async (t) => {
      const outcome = await runFileFaultCase(ctx, kind);
      if (!outcome) return t.skip('this machine cannot make a file unreplaceable (as root it needs chattr +i on the temp folder\'s file system)');
      const why = outcome.problems.join('\n');
      assert.equal(outcome.faulted.workspace, 'untouched', why);
      assert.notEqual(outcome.faulted.exitCode, 0, why);
      const notApplied = outcome.faulted.events.findLast((e) => e.type === 'changes.notApplied');
      assert.equal(notApplied?.type === 'changes.notApplied' ? notApplied.kind : undefined, 'failed', why);
      assert.equal(outcome.resumed.workspace, kind === 'name too long' ? 'untouched' : 'applied', why);
      assert.deepEqual(outcome.resumed.answered, {}, why);
      assert.deepEqual(outcome.problems, []);
    });
  }
});
