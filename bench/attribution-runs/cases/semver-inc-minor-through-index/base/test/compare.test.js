'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const semver = require('..');

test('compare orders by major, minor, patch', () => {
  assert.equal(semver.compare('1.2.3', '1.2.10'), -1);
  assert.equal(semver.compare('2.0.0', '1.99.99'), 1);
  assert.equal(semver.compare('1.2.3', '1.2.3'), 0);
});

test('build metadata only matters to compareBuild', () => {
  assert.equal(semver.compare('1.2.3+a', '1.2.3+b'), 0);
  assert.equal(semver.compareBuild('1.2.3+a', '1.2.3+b'), -1);
});
