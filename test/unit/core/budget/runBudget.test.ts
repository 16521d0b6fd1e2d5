import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { budgetCrossed, budgetFlags, formatBudget, parseBudgetText, RunBudgetSchema } from '../../../../src/core/budget/runBudget';
import { effectiveLimit } from '../../../../src/core/run/budgeted';

describe('run budget', () => {
  it('reads tokens and dollars the way the flag is written', () => {
    assert.deepEqual(parseBudgetText('200k'), { budget: { tokens: 200_000 } });
    assert.deepEqual(parseBudgetText('1.5M'), { budget: { tokens: 1_500_000 } });
    assert.deepEqual(parseBudgetText('250000'), { budget: { tokens: 250_000 } });
    assert.deepEqual(parseBudgetText('$1.50'), { budget: { usd: 1.5 } });
    assert.deepEqual(parseBudgetText('2usd'), { budget: { usd: 2 } });
    for (const bad of ['', 'lots', '$', '-5k', '0', '$0', '1.5.2k']) assert.ok('error' in parseBudgetText(bad), bad);
  });

  it('crosses only when spent plus the next call is over a limit; money only when the price is known', () => {
    assert.equal(budgetCrossed({ tokens: 100 }, { tokens: 60 }, { tokens: 40 }), undefined, 'exactly the limit is within');
    assert.equal(budgetCrossed({ tokens: 100 }, { tokens: 60 }, { tokens: 41 }), 'tokens');
    assert.equal(budgetCrossed({ usd: 1 }, { tokens: 0, usd: 0.9 }, { tokens: 5, usd: 0.2 }), 'usd');
    assert.equal(budgetCrossed({ usd: 1 }, { tokens: 0, usd: 0.9 }, { tokens: 5 }), undefined, 'unknown price: not counted in money');
  });

  it('says and gives back the budget; settings are checked', () => {
    assert.equal(formatBudget({ tokens: 200_000, usd: 1.5 }), '200k tokens and $1.50');
    assert.equal(budgetFlags({ tokens: 200_000, usd: 1.5 }), "--budget 200k --budget '$1.50'");
    assert.ok(RunBudgetSchema.safeParse({ tokens: 200000, usd: 1.5 }).success);
    assert.ok(!RunBudgetSchema.safeParse({ tokens: -1 }).success);
    assert.ok(!RunBudgetSchema.safeParse({ token: 5 }).success, 'a misspelt key is an error, not no limit');
  });

  it('a resumed run keeps the larger of the front end limit and its own raise', () => {
    assert.deepEqual(effectiveLimit({ tokens: 100 }, { tokens: 500 }), { tokens: 500 });
    assert.deepEqual(effectiveLimit({ tokens: 900 }, { tokens: 500 }), { tokens: 900 });
    assert.deepEqual(effectiveLimit({ usd: 1 }, { tokens: 500 }), { usd: 1 });
  });
});
