'use strict';

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const qs = require('../lib');

describe('qs.parse', () => {
  it('parses nested objects', () => {
    assert.deepEqual(qs.parse('filter[status]=open&filter[owner][name]=ada'), { filter: { status: 'open', owner: { name: 'ada' } } });
  });

  it('parses arrays', () => {
    assert.deepEqual(qs.parse('tags[]=a&tags[]=b'), { tags: ['a', 'b'] });
    assert.deepEqual(qs.parse('ids[1]=x&ids[0]=y'), { ids: ['y', 'x'] });
  });

  it('decodes values', () => {
    assert.deepEqual(qs.parse('q=caf%C3%A9+au+lait'), { q: 'café au lait' });
  });

  it('goes five levels deep by default', () => {
    assert.deepEqual(qs.parse('a[b][c][d][e][f]=1'), { a: { b: { c: { d: { e: { f: '1' } } } } } });
  });
});
