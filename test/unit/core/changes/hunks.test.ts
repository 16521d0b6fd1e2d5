import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyPatch } from 'diff';
import { applySelectedHunks, computeFileDiff, unifiedDiff } from '../../../../src/core/changes/hunks';

const numbered = (n: number, edit: (i: number) => string = (i) => `line ${i}`): string => Array.from({ length: n }, (_, i) => edit(i + 1)).join('\n') + '\n';

describe('computeFileDiff', () => {
  it('counts added and removed lines of a modified file, in hunks', () => {
    const before = numbered(40);
    const after = numbered(40, (i) => (i === 5 ? 'line five' : i === 30 ? 'line thirty\nextra' : `line ${i}`));
    const d = computeFileDiff('src/a.ts', before, after);
    assert.equal(d.kind, 'modified');
    assert.deepEqual([d.added, d.removed, d.hunks.length], [3, 2, 2]);
    assert.deepEqual(d.hunks[0]?.lines, [' line 2', ' line 3', ' line 4', '-line 5', '+line five', ' line 6', ' line 7', ' line 8']);
    assert.match(d.hunks[0]?.id ?? '', /^[0-9a-f]{12}$/);
  });

  it('marks created and deleted files', () => {
    const created = computeFileDiff('new.ts', undefined, 'a\nb\n');
    assert.deepEqual([created.kind, created.added, created.removed], ['created', 2, 0]);
    const deleted = computeFileDiff('old.ts', 'a\nb\n', undefined);
    assert.deepEqual([deleted.kind, deleted.added, deleted.removed], ['deleted', 0, 2]);
  });

  it('keeps a hunk id when an unrelated hunk elsewhere in the file changes', () => {
    const before = numbered(60);
    const first = computeFileDiff('a.ts', before, numbered(60, (i) => (i === 10 ? 'changed ten' : i === 50 ? 'changed fifty' : `line ${i}`)));
    const second = computeFileDiff('a.ts', before, numbered(60, (i) => (i === 10 ? 'changed ten' : i === 50 ? 'fifty, differently' : i === 2 ? '' : `line ${i}`)));
    const ten = (d: typeof first) => d.hunks.find((h) => h.lines.includes('+changed ten'))?.id;
    assert.ok(ten(first));
    assert.equal(ten(first), ten(second));
    // Shifting the file by inserted lines above does not change it either.
    const shifted = computeFileDiff('a.ts', 'x\ny\n' + before, 'x\ny\n' + numbered(60, (i) => (i === 10 ? 'changed ten' : `line ${i}`)));
    assert.equal(ten(shifted), ten(first));
    assert.notEqual(first.hunks[0]?.id, first.hunks[1]?.id);
    // The path is part of the id.
    assert.notEqual(ten(computeFileDiff('b.ts', before, numbered(60, (i) => (i === 10 ? 'changed ten' : `line ${i}`)))), ten(first));
  });

  it('disambiguates identical hunks deterministically', () => {
    const before = numbered(40, (i) => (i % 20 === 0 ? 'TODO' : `line ${i}`));
    const after = numbered(40, (i) => (i % 20 === 0 ? 'DONE' : `line ${i}`));
    const ids = computeFileDiff('t.txt', before, after).hunks.map((h) => h.id);
    assert.equal(ids.length, 2);
    assert.equal(ids[1], `${ids[0]}-2`);
    assert.deepEqual(computeFileDiff('t.txt', before, after).hunks.map((h) => h.id), ids);
  });
});

describe('unifiedDiff', () => {
  it('writes standard unified text that applies back', () => {
    const before = numbered(12);
    const after = numbered(12, (i) => (i === 6 ? 'six' : `line ${i}`));
    const text = unifiedDiff(computeFileDiff('src/x.ts', before, after));
    assert.equal(text, ['--- a/src/x.ts', '+++ b/src/x.ts', '@@ -3,7 +3,7 @@', ' line 3', ' line 4', ' line 5', '-line 6', '+six', ' line 7', ' line 8', ' line 9', ''].join('\n'));
    assert.equal(applyPatch(before, text), after);
  });

  it('uses /dev/null and an empty old range for a created file', () => {
    const text = unifiedDiff(computeFileDiff('n.ts', undefined, 'a\nb'));
    assert.equal(text, ['--- /dev/null', '+++ b/n.ts', '@@ -0,0 +1,2 @@', '+a', '+b', '\\ No newline at end of file', ''].join('\n'));
  });
});

describe('applySelectedHunks', () => {
  const before = numbered(50);
  const after = numbered(50, (i) => (i === 3 ? 'three\nthree and a half' : i === 25 ? 'twenty-five' : i === 47 ? '' : `line ${i}`)).replace('\n\n', '\n');
  const diff = computeFileDiff('f.txt', before, after);

  it('applies all, none, or a subset of hunks', () => {
    assert.equal(diff.hunks.length, 3);
    const ids = diff.hunks.map((h) => h.id);
    assert.equal(applySelectedHunks(before, diff, new Set(ids)), after);
    assert.equal(applySelectedHunks(before, diff, new Set()), before);
    const middleOnly = applySelectedHunks(before, diff, new Set([ids[1]!]));
    assert.equal(middleOnly, numbered(50, (i) => (i === 25 ? 'twenty-five' : `line ${i}`)));
    const outer = applySelectedHunks(before, diff, new Set([ids[0]!, ids[2]!]));
    assert.equal(outer, after.replace('twenty-five', 'line 25'));
  });

  it('handles a file without a final newline and CRLF lines', () => {
    const b = 'a\r\nb\r\nc';
    const a = 'a\r\nB\r\nc\r\nd';
    const d = computeFileDiff('w.txt', b, a);
    assert.equal(applySelectedHunks(b, d, new Set(d.hunks.map((h) => h.id))), a);
    assert.equal(applySelectedHunks(b, d, new Set()), b);
  });

  it('builds a created file from its hunks', () => {
    const d = computeFileDiff('n.ts', undefined, 'export {};\n');
    assert.equal(applySelectedHunks(undefined, d, new Set(d.hunks.map((h) => h.id))), 'export {};\n');
  });
});
