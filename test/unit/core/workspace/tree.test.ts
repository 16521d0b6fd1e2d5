import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cappedTree, renderTreeLine } from '../../../../src/core/workspace/tree';

describe('cappedTree', () => {
  it('lists everything when under the cap, folders before files', () => {
    const lines = cappedTree(['README.md', 'src/a.ts', 'src/lib/b.ts'], 10).map(renderTreeLine);
    assert.deepEqual(lines, ['src/', '  lib/', '    b.ts', '  a.ts', 'README.md']);
  });

  it('expands shallow folders first and collapses the rest with counts', () => {
    const paths = ['a/x/1', 'a/x/2', 'a/x/3', 'a/y', 'b/1', 'c'];
    // Root: a/, b/, c = 3; expanding a (+2) fits 5; b (+1) would make 6.
    const lines = cappedTree(paths, 5).map(renderTreeLine);
    assert.deepEqual(lines, ['a/', '  x/ (3 files)', '  y', 'b/ (1 file)', 'c']);
  });

  it('cuts a root folder that alone exceeds the cap', () => {
    const paths = Array.from({ length: 12 }, (_, i) => `f${String(i).padStart(2, '0')}`);
    const lines = cappedTree(paths, 10).map(renderTreeLine);
    assert.equal(lines.length, 11);
    assert.equal(lines[10], '… 2 more entries');
  });
});
