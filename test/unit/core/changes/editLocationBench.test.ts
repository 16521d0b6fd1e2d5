import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { benchEditLocation } from '../../../../bench/editLocation';

describe('edit-location corpus', () => {
  it('never applies an edit wrongly and applies drifted edits correctly', () => {
    const f = benchEditLocation({ seed: 11, perCategory: 40, timedEdits: 1, runsPerEdit: 1 });
    assert.equal(f.cases, 240);
    for (const [category, s] of Object.entries(f.byCategory)) {
      assert.equal(s.appliedWrongly, 0, `${category}: ${f.wrong.join('; ')}`);
      assert.equal(s.total, 40);
    }
    assert.equal(f.byCategory.stale?.refused, 40);
    assert.equal(f.byCategory.ambiguous?.refused, 40);
    assert.equal(f.byCategory.exact?.appliedCorrectly, 40);
    assert.ok(f.driftedAppliedCorrectlyPct >= 97, `drifted ${f.driftedAppliedCorrectlyPct}%`);
    assert.ok(f.msPerEditOn10kLines > 0);
  });
});
