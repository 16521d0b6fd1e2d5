'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const escapeHtml = require('..');

test('text without special characters comes back unchanged', () => {
  assert.equal(escapeHtml('hello world'), 'hello world');
  assert.equal(escapeHtml(''), '');
});

test('each special character has its entity', () => {
  assert.equal(escapeHtml('"\'&<>'), '&quot;&#39;&amp;&lt;&gt;');
});

test('the text around the escapes is kept', () => {
  assert.equal(escapeHtml('Tom & Jerry'), 'Tom &amp; Jerry');
  assert.equal(escapeHtml('<b>bold</b>'), '&lt;b&gt;bold&lt;/b&gt;');
});

test('a single character after the last escape is kept', () => {
  assert.equal(escapeHtml('1<2'), '1&lt;2');
  assert.equal(escapeHtml('x > y, y < z'), 'x &gt; y, y &lt; z');
  assert.equal(escapeHtml("it's"), 'it&#39;s');
});

test('values that are not strings are converted first', () => {
  assert.equal(escapeHtml(42), '42');
  assert.equal(escapeHtml(null), 'null');
});
