'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { Command } = require('..');

test('help lists options with their defaults', () => {
  const program = new Command('deploy').option('-e, --target-env <name>', 'environment', 'staging');
  const help = program.helpInformation();
  assert.match(help, /Usage: deploy \[options\]/);
  assert.match(help, /-e, --target-env <name>\s+environment \(default: "staging"\)/);
});
