import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BUILT_IN_ROLES } from '../../../../src/core/agents/roles';
import { agentSystemPrompt } from '../../../../src/core/agents/prompt';
import { EXPECTED_TURNS, estimatePlan, median } from '../../../../src/core/budget/estimate';
import { validatePlan } from '../../../../src/core/plan/validate';
import { costOf } from '../../../../src/core/llm/usage';

const plan = validatePlan({
  summary: 'Due dates',
  tasks: [
    { id: 't1', role: 'database', title: 'Column', description: 'Add due_date.', dependsOn: [] },
    { id: 't2', role: 'backend', title: 'API', description: 'Accept dueDate. '.repeat(200), dependsOn: ['t1'] },
  ],
}, { roles: ['database', 'backend', 'frontend', 'qa'], maxTasks: 10 });

describe('plan estimate', () => {
  it('sizes each task from its prompts when there is no history, and grows with the task text', () => {
    const est = estimatePlan({ plan, roster: [], modelFor: () => 'gpt-4.1-mini' });
    const [t1, t2] = est.tasks;
    assert.equal(t1!.source, 'prompt');
    assert.equal(t1!.samples, 0);
    // Every turn resends at least the role's system prompt.
    const systemTokens = Math.ceil(agentSystemPrompt(BUILT_IN_ROLES.find((r) => r.name === 'database')!).length / 4);
    assert.ok(t1!.input > EXPECTED_TURNS * systemTokens, `${t1!.input} > ${EXPECTED_TURNS} × ${systemTokens}`);
    // t2's description is ~3,200 characters longer: ~800 tokens more on each of its turns (its role prompt differs a little too).
    assert.ok(t2!.input - t1!.input > EXPECTED_TURNS * 600, `${t2!.input} vs ${t1!.input}`);
    assert.equal(t1!.tokens, t1!.input + t1!.output);
    assert.equal(t1!.usd, costOf('gpt-4.1-mini', { input: t1!.input, output: t1!.output, cacheRead: 0, cacheWrite: 0 }));
    assert.equal(est.total.tokens, t1!.tokens + t2!.tokens);
    assert.equal(est.total.usd, t1!.usd! + t2!.usd!);
    assert.equal(est.total.usdPartial, false);
  });

  it('uses the median of earlier tasks of the same role when there are some, and says so', () => {
    const u = (input: number, output: number) => ({ input, output, cacheRead: 0, cacheWrite: 0 });
    const est = estimatePlan({ plan, roster: [], modelFor: () => 'gpt-4.1-mini', history: { backend: [u(10_000, 900), u(30_000, 100), u(20_000, 500)] } });
    const t2 = est.tasks[1]!;
    assert.equal(t2.source, 'history');
    assert.equal(t2.samples, 3);
    assert.equal(t2.input, 20_000);
    assert.equal(t2.output, 500);
    assert.equal(est.tasks[0]!.source, 'prompt', 'no database history: from its prompts');
  });

  it('gives no cost for a model without a known price, and marks the total partial', () => {
    const est = estimatePlan({ plan, roster: [], modelFor: (role) => (role === 'backend' ? 'my-local-model' : 'gpt-4.1') });
    assert.equal(est.tasks[1]!.usd, undefined);
    assert.ok(est.tasks[0]!.usd! > 0);
    assert.equal(est.total.usd, est.tasks[0]!.usd);
    assert.equal(est.total.usdPartial, true);
    const none = estimatePlan({ plan, roster: [], modelFor: () => 'my-local-model' });
    assert.equal(none.total.usd, undefined);
    assert.equal(none.total.usdPartial, false);
  });

  it('median of odd and even counts', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 3);
  });
});
