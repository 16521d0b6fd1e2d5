'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { Command } = require('..');

function cli() {
  return new Command('deploy')
    .option('--dry-run', 'print what would happen')
    .option('-e, --target-env <name>', 'environment', 'staging')
    .option('--no-color', 'plain output')
    .exitOverride();
}

test('kebab-case flags become camelCase options', () => {
  const program = cli().parse(['--dry-run', '--target-env', 'prod'], { from: 'user' });
  assert.deepEqual(program.opts(), { dryRun: true, targetEnv: 'prod', color: true });
});

test('defaults apply when a flag is absent', () => {
  const program = cli().parse([], { from: 'user' });
  assert.equal(program.opts().targetEnv, 'staging');
});

test('negated flags turn an option off', () => {
  assert.equal(cli().parse(['--no-color'], { from: 'user' }).opts().color, false);
});
