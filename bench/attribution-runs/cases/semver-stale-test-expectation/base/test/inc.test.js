'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const semver = require('..');

test('inc bumps each part and resets the lower ones', () => {
  assert.equal(semver.inc('1.2.3', 'patch'), '1.2.4');
  assert.equal(semver.inc('1.2.3', 'minor'), '1.3.0');
  assert.equal(semver.inc('1.2.0', 'minor'), '1.3.0');
  assert.equal(semver.inc('1.2.3', 'major'), '2.0.0');
});

test('inc on a prerelease releases it', () => {
  assert.equal(semver.inc('1.3.0-beta.2', 'minor'), '1.3.0');
  assert.equal(semver.inc('2.0.0-rc.1', 'major'), '2.0.0');
});

test('inc with an identifier starts a prerelease', () => {
  assert.equal(semver.inc('1.2.3', 'preminor', 'beta'), '1.3.0-beta.0');
  assert.equal(semver.inc('1.3.0-beta.0', 'prerelease'), '1.3.0-beta.1');
});

test('inc returns null for invalid input', () => {
  assert.equal(semver.inc('not.a.version', 'patch'), null);
});
