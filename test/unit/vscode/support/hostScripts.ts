/** Plans, agent scripts and workspaces the host tests share. */
import { agentTurns, call, planTurn } from '../../../support/agentScripts';
import type { Script } from '../../../support/script';

export const PRICE_JS = 'export function total(items) {\n  return items.reduce((sum, i) => sum + i.price, 0);\n}\n';

/** A project whose tests really run (node:test, in a scratch copy). */
export const TESTED_FILES = {
  'package.json': JSON.stringify({ name: 'shop', type: 'module', scripts: { test: 'node --test' } }),
  'src/price.js': PRICE_JS,
  'test/price.test.js': "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { total } from '../src/price.js';\n\ntest('total adds prices', () => {\n  assert.equal(total([{ price: 2 }, { price: 3 }]), 5);\n});\n",
};

/** The same project with no test command anywhere. */
export const UNTESTED_FILES = {
  'README.md': '# shop\n',
  'src/price.js': PRICE_JS,
};

export const ONE_TASK_PLAN = {
  summary: 'Discounts',
  tasks: [{ id: 't1', role: 'backend', title: 'Apply a discount', description: 'total(items, discount) subtracts a discount.', dependsOn: [] }],
};

export const TWO_TASK_PLAN = {
  summary: 'Discounts',
  tasks: [
    ...ONE_TASK_PLAN.tasks,
    { id: 't2', role: 'qa', title: 'Test discounts', description: 'A test for the discount.', dependsOn: ['t1'] },
  ],
};

const DISCOUNT_TEST = "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { total } from '../src/price.js';\n\ntest('total subtracts the discount', () => {\n  assert.equal(total([{ price: 10 }], 3), 7);\n});\n";

export const T1_TURNS = agentTurns('t1', [
  [call('propose_edit', { path: 'src/price.js', edits: [{ search: 'export function total(items) {\n  return items.reduce((sum, i) => sum + i.price, 0);', replace: 'export function total(items, discount = 0) {\n  return items.reduce((sum, i) => sum + i.price, 0) - discount;' }] })],
  [call('finish', { summary: 'total(items, discount) subtracts the discount.' })],
]);

export const T2_TURNS = agentTurns('t2', [
  [call('create_file', { path: 'test/discount.test.js', content: DISCOUNT_TEST })],
  [call('finish', { summary: 'A discount test.' })],
]);

export function script(plan: unknown = ONE_TASK_PLAN): Script {
  return { turns: [planTurn(plan), ...T1_TURNS, ...T2_TURNS] };
}
