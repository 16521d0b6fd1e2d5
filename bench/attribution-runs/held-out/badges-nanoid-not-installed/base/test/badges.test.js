import { test } from 'node:test';
import assert from 'node:assert/strict';
import { badgesFor, createBadge } from '../src/badges.js';

test('a badge gets an id and a trimmed name', () => {
  const badge = createBadge({ name: '  Ada Lovelace ', company: 'Analytical Engines' });
  assert.equal(badge.name, 'Ada Lovelace');
  assert.equal(badge.role, 'attendee');
  assert.match(badge.id, /^[\w-]{10,}$/);
});

test('ids differ between badges', () => {
  assert.notEqual(createBadge({ name: 'A' }).id, createBadge({ name: 'A' }).id);
});

test('names and roles are checked', () => {
  assert.throws(() => createBadge({ name: ' ' }), /needs a name/);
  assert.throws(() => createBadge({ name: 'Bo', role: 'vip' }), /unknown role vip/);
});

test('badges are sorted by name', () => {
  assert.deepEqual(badgesFor([{ name: 'Zoe' }, { name: 'Ada' }]).map((b) => b.name), ['Ada', 'Zoe']);
});
