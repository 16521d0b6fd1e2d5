import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CASES_DIR, HELD_OUT_DIR, loadCases } from '../../../bench/attributionRuns/cases';
import { assertOwnCasesApply } from './ownCases';

// The held-out set of bench/attribution-runs/held-out: cases written apart from the main corpus,
// measured once. Every case parses, the set keeps its shape, and it shares no package with the
// corpus the attribution code was tuned on (npm and Debian cases are run by validate.ts).

const packageOf = (origin: string) => origin.replace(/@[^@]*$/, '');

test('the held-out set parses and has the shape it was written to', async () => {
  const cases = await loadCases(HELD_OUT_DIR);
  assert.ok(cases.length >= 30, `the held-out set has ${cases.length} cases`);
  const count = (setting: string) => cases.filter((c) => c.setting === setting).length;
  assert.ok(count('qa-tests') >= 12, `${count('qa-tests')} qa-tests cases`);
  assert.ok(count('source-only') >= 10, `${count('source-only')} source-only cases`);
  assert.ok(count('baseline') >= 8, `${count('baseline')} baseline cases`);
  assert.ok(cases.filter((c) => c.origin !== 'own').length * 3 >= cases.length, 'a third of the cases run real open-source code');
  const qaOwned = cases.filter((c) => c.setting === 'qa-tests' && c.tasks.find((t) => t.id === c.expected.owner)?.role === 'qa').length;
  assert.ok(qaOwned > 0 && qaOwned * 2 < count('qa-tests'), `QA owns ${qaOwned} of the qa-tests cases: some, fewer than the implementation bugs`);
});

test('the held-out set uses no package of the main corpus, and no id of it', async () => {
  const main = await loadCases(CASES_DIR);
  const held = await loadCases(HELD_OUT_DIR);
  const mainPackages = new Set(main.filter((c) => c.origin !== 'own').map((c) => packageOf(c.origin)));
  const mainIds = new Set(main.map((c) => c.id));
  for (const c of held) {
    assert.ok(!mainIds.has(c.id), `${c.id} is also a case of the main corpus`);
    if (c.origin !== 'own') assert.ok(!mainPackages.has(packageOf(c.origin)), `${c.id} uses ${c.origin}, already in the main corpus`);
  }
});

test("the edits of every own-code held-out case apply, with and without the owner's change", async () => {
  await assertOwnCasesApply(HELD_OUT_DIR);
});
