import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requiredLiterals } from '../../../src/node/requiredLiterals';

test('the literal runs every match must contain, and none when a match may avoid them', () => {
  assert.deepEqual(requiredLiterals('function\\s+noSuch\\w+Handler\\('), ['function', 'noSuch', 'Handler(']);
  assert.deepEqual(requiredLiterals('getUser'), ['getUser']);
  // Quantified characters end a run (x+ keeps its one x); groups and classes are skipped, with their quantifiers.
  assert.deepEqual(requiredLiterals('colou?r'), ['colo', 'r']);
  assert.deepEqual(requiredLiterals('ab+c'), ['ab', 'c']);
  assert.deepEqual(requiredLiterals('a{2}bc'), ['bc']);
  assert.deepEqual(requiredLiterals('x(ab|cd){2,3}yz'), ['x', 'yz']);
  assert.deepEqual(requiredLiterals('[abc]{2}x\\d{3}y'), ['x', 'y']);
  assert.deepEqual(requiredLiterals('^export (const|let) \\w+ = \\d;$'), ['export ', ' ', ' = ', ';']);
  assert.deepEqual(requiredLiterals('a.b'), ['a', 'b']);
  assert.deepEqual(requiredLiterals('foo*?bar'), ['fo', 'bar']);
  // An alternation at the top level: a match may contain either side only.
  assert.deepEqual(requiredLiterals('foo|bar'), []);
  assert.deepEqual(requiredLiterals('(unbalanced'), []);
  // JavaScript reads [^] as any character: the ] after x is a literal.
  assert.deepEqual(requiredLiterals('[^]x]y'), ['x]y']);
});
