/**
 * A tiny real node:test project for the test loop, and scripted turns for its agents: backend
 * (t1) changes src/price.js, QA (t2) writes a test; fix rounds answer the loop's fix requests.
 */
import { agentTurns, call } from './agentScripts';
import type { ScriptedToolCall, ScriptedTurn } from './script';

export const SHOP_FILES: Readonly<Record<string, string>> = {
  'package.json': JSON.stringify({ name: 'shop', type: 'module', scripts: { test: 'node --test' } }),
  'src/price.js': 'export function total(items) {\n  return items.reduce((sum, i) => sum + i.price, 0);\n}\n',
  'test/price.test.js':
    "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { total } from '../src/price.js';\n\ntest('total adds prices', () => {\n  assert.equal(total([{ price: 2 }, { price: 3 }]), 5);\n});\n",
};

export const SHOP_PLAN = {
  summary: 'Discounts',
  tasks: [
    { id: 't1', role: 'backend', title: 'Apply a discount', description: 'total(items, discount) subtracts a discount.', dependsOn: [] },
    { id: 't2', role: 'qa', title: 'Test discounts', description: 'Tests for the discount.', dependsOn: ['t1'] },
  ],
};

/** The discount test QA writes; it fails while backend adds the discount. */
export const DISCOUNT_TEST =
  "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { total } from '../src/price.js';\n\ntest('total subtracts the discount', () => {\n  assert.equal(total([{ price: 10 }], 3), 7);\n});\n";

const ORIGINAL_TOTAL = 'export function total(items) {\n  return items.reduce((sum, i) => sum + i.price, 0);';
/** The line backend's buggy change adds (it adds the discount instead of subtracting it). */
export const BUGGY_LINE = 'return items.reduce((sum, i) => sum + i.price, 0) + discount;';

/** Backend's change to total(): with the bug (`+ discount`) or right (`- discount`). */
export function backendTurns(opts: { buggy: boolean }): ScriptedTurn[] {
  const op = opts.buggy ? '+' : '-';
  return agentTurns('t1', [
    [call('propose_edit', { path: 'src/price.js', edits: [{ search: ORIGINAL_TOTAL, replace: `export function total(items, discount = 0) {\n  return items.reduce((sum, i) => sum + i.price, 0) ${op} discount;` }] })],
    [call('finish', { summary: 'total(items, discount).' })],
  ]);
}

/** QA writes one or more test files, then finishes (it does not run the tests itself). */
export function qaTurns(files: Readonly<Record<string, string>>): ScriptedTurn[] {
  return agentTurns('t2', [
    Object.entries(files).map(([path, content]) => call('create_file', { path, content })),
    [call('finish', { summary: 'Tests added.' })],
  ]);
}

/** Backend's fix: the discount is subtracted. */
export const FIX_DISCOUNT: ScriptedToolCall = call('propose_edit', { path: 'src/price.js', edits: [{ search: '+ i.price, 0) + discount', replace: '+ i.price, 0) - discount' }] });

/**
 * A fix round of one task: step k answers the k-th model call of fix round `round`. Put these
 * before the task's `agentTurns` in a script: a fix request also says "Your task (id)".
 */
export function fixTurns(taskId: string, steps: readonly (readonly ScriptedToolCall[])[], round = 1): ScriptedTurn[] {
  return steps.map((toolCalls, turn) => ({
    name: `${taskId} fix ${round}.${turn}`,
    match: { contains: [`fix round ${round} of`, `Your task (${taskId})`], assistantTurns: turn },
    reply: { toolCalls, usage: { input: 900 + 50 * turn, output: 40 } },
  }));
}
