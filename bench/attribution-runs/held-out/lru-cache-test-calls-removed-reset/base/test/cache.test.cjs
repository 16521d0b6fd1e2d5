'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { LRUCache } = require('lru-cache');

test('the least recently used entry goes first', () => {
  const cache = new LRUCache({ max: 2 });
  cache.set('a', 1);
  cache.set('b', 2);
  cache.get('a');
  cache.set('c', 3);
  assert.deepEqual([...cache.keys()].sort(), ['a', 'c']);
});

test('peek does not make an entry recent', () => {
  const cache = new LRUCache({ max: 2 });
  cache.set('a', 1);
  cache.set('b', 2);
  assert.equal(cache.peek('a'), 1);
  cache.set('c', 3);
  assert.equal(cache.has('a'), false);
});

test('dispose is told why an entry left', () => {
  const reasons = [];
  const cache = new LRUCache({ max: 1, dispose: (value, key, reason) => reasons.push(`${key}:${reason}`) });
  cache.set('a', 1);
  cache.set('b', 2);
  cache.delete('b');
  assert.deepEqual(reasons, ['a:evict', 'b:delete']);
});

test('reset empties the cache', () => {
  const cache = new LRUCache({ max: 10 });
  cache.set('a', 1);
  cache.set('b', 2);
  cache.reset();
  assert.equal(cache.size, 0);
});
