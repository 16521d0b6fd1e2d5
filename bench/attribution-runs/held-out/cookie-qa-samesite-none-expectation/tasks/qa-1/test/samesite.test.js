'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const cookie = require('..');

test('SameSite=Lax and Strict are written as given', () => {
  assert.equal(cookie.serialize('sid', 'abc', { sameSite: 'lax' }), 'sid=abc; SameSite=Lax');
  assert.equal(cookie.serialize('sid', 'abc', { sameSite: 'Strict' }), 'sid=abc; SameSite=Strict');
});

test('SameSite=None with secure is written once', () => {
  assert.equal(cookie.serialize('sid', 'abc', { sameSite: 'none', secure: true }), 'sid=abc; Secure; SameSite=None');
});

test('SameSite=None without secure is written as asked', () => {
  assert.equal(cookie.serialize('sid', 'abc', { sameSite: 'none' }), 'sid=abc; SameSite=None');
});

test('a pair without a name is skipped when parsing', () => {
  assert.deepEqual(cookie.parse('=orphan; sid=1'), { sid: '1' });
});
