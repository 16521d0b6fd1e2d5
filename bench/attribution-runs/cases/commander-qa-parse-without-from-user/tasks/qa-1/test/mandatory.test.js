'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { Command } = require('..');

test('help marks mandatory options as required', () => {
  const program = new Command('sync').requiredOption('--token <t>', 'API token');
  assert.match(program.helpInformation(), /API token \(required\)/);
});

test('a boolean flag is read from the command line', () => {
  const program = new Command('sync').option('--verbose', 'more output').exitOverride();
  program.parse(['--verbose']);
  assert.equal(program.opts().verbose, true);
});
