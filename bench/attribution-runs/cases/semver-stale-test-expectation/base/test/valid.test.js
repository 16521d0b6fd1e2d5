'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const semver = require('..');

test('valid returns the normalised version', () => {
  assert.equal(semver.valid('1.2.3'), '1.2.3');
  assert.equal(semver.valid('=1.2.3'), '1.2.3');
});

test('valid rejects a leading v', () => {
  assert.equal(semver.valid('v1.2.3'), null);
});
