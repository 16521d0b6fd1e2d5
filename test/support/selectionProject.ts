/**
 * The "test what is applied" scenario as a tiny real project: backend adds formatted(),
 * frontend adds a label built on it, QA tests the label. With every proposal the suite passes;
 * rejecting the frontend task leaves QA's test of the label without the label.
 */
import { agentTurns, call, planTurn } from './agentScripts';
import type { Script } from './script';

export const SELECTION_FILES = {
  'package.json': JSON.stringify({ name: 'shop', type: 'module', scripts: { test: 'node --test' } }),
  'src/price.js': 'export function price() {\n  return 5;\n}\n',
  'test/price.test.js': "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { price } from '../src/price.js';\n\ntest('price is five', () => {\n  assert.equal(price(), 5);\n});\n",
};

export const SELECTION_PLAN = {
  summary: 'A price label',
  tasks: [
    { id: 't1', role: 'backend', title: 'Format the price', description: 'formatted() returns the price with a dollar sign.', dependsOn: [] },
    { id: 't2', role: 'frontend', title: 'Show the price label', description: 'label() shows "Price: $5".', dependsOn: ['t1'] },
    { id: 't3', role: 'qa', title: 'Test the label', description: 'Tests for formatted() and label().', dependsOn: ['t2'] },
  ],
};

export const LABEL_JS = "import { formatted } from './price.js';\n\nexport function label() {\n  return 'Price: ' + formatted();\n}\n";
export const LABEL_TEST = "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { formatted } from '../src/price.js';\nimport { label } from '../src/label.js';\n\ntest('formatted adds the dollar sign', () => {\n  assert.equal(formatted(), '$5');\n});\n\ntest('label shows the price', () => {\n  assert.equal(label(), 'Price: $5');\n});\n";

export function selectionScript(): Script {
  return {
    turns: [
      planTurn(SELECTION_PLAN),
      ...agentTurns('t1', [
        [call('propose_edit', { path: 'src/price.js', edits: [{ search: '  return 5;\n}\n', replace: "  return 5;\n}\n\nexport function formatted() {\n  return '$' + price();\n}\n" }] })],
        [call('finish', { summary: 'formatted() added.' })],
      ]),
      ...agentTurns('t2', [
        [call('create_file', { path: 'src/label.js', content: LABEL_JS })],
        [call('finish', { summary: 'label() added.' })],
      ]),
      ...agentTurns('t3', [
        [call('create_file', { path: 'test/label.test.js', content: LABEL_TEST })],
        [call('finish', { summary: 'Label tests added.' })],
      ]),
    ],
  };
}
