/**
 * File-system faults during `squad run … --apply`: a read-only file (refused before anything is
 * written), a file that cannot be replaced while the two written before it were (they are put
 * back), and a proposed file whose name is too long. Each leaves the workspace exactly as it was
 * (walked byte for byte, modes included, no temporary file or created folder left), the journal
 * closed, one JSON object and a non-zero exit. Resumed once the fault is gone, the run applies
 * without asking the model anything; a name too long never goes, so its resume refuses again.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FILE_FAULT_KINDS, runFileFaultCase } from '../../../support/faultCases';
import { useFaultSuite } from '../../../support/faultRuns';

describe('file-system faults during the apply, then resume', () => {
  const context = useFaultSuite('plain');

  for (const kind of FILE_FAULT_KINDS) {
    it(kind, async (t) => {
      const outcome = await runFileFaultCase(context(), kind);
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
