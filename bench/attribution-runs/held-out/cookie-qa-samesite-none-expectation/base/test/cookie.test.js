'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const cookie = require('..');

test('parse reads pairs, trims spaces and decodes values', () => {
  assert.deepEqual(cookie.parse('foo=bar; equation=E%3Dmc%5E2;  spaced = yes '), { foo: 'bar', equation: 'E=mc^2', spaced: 'yes' });
});

test('parse keeps the first of repeated names and unquotes values', () => {
  assert.deepEqual(cookie.parse('a=1; a=2; b="quoted"'), { a: '1', b: 'quoted' });
});

test('serialize writes the attributes in a fixed order', () => {
  const expires = new Date(Date.UTC(2030, 0, 1));
  assert.equal(
    cookie.serialize('sid', 'abc', { maxAge: 3600, domain: 'example.org', path: '/', expires, httpOnly: true, secure: true }),
    'sid=abc; Max-Age=3600; Domain=example.org; Path=/; Expires=Tue, 01 Jan 2030 00:00:00 GMT; HttpOnly; Secure',
  );
});

test('serialize checks names and options', () => {
  assert.throws(() => cookie.serialize('bad name', 'x'), /argument name is invalid/);
  assert.throws(() => cookie.serialize('a', 'x', { sameSite: 'sometimes' }), /option sameSite is invalid/);
});

test('sameSite true means Strict', () => {
  assert.equal(cookie.serialize('a', 'x', { sameSite: true }), 'a=x; SameSite=Strict');
});
