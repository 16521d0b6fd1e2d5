import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diff3Regions, merge3 } from '../../../../src/core/changes/merge';

const lines = (...l: string[]): string => l.join('\n') + '\n';
const base = lines('import a', '', 'function f() {', '  return 1;', '}', '', 'function g() {', '  return 2;', '}');

describe('merge3', () => {
  it('merges changes to different parts of the file', () => {
    const ours = base.replace('import a', 'import a\nimport b');
    const theirs = base.replace('return 2;', 'return 3;');
    assert.deepEqual(merge3(base, ours, theirs), { ok: true, content: lines('import a', 'import b', '', 'function f() {', '  return 1;', '}', '', 'function g() {', '  return 3;', '}') });
  });

  it('treats the identical change on both sides as no conflict', () => {
    const both = base.replace('return 1;', 'return 10;');
    assert.deepEqual(merge3(base, both, both), { ok: true, content: both });
    const ours = both.replace('import a', 'import z');
    assert.deepEqual(merge3(base, ours, both), { ok: true, content: ours });
  });

  it('reports overlapping different changes as conflicts, with ours line numbers', () => {
    const ours = base.replace('return 2;', 'return 20;');
    const theirs = base.replace('return 2;', 'return 200;').replace('import a', 'import c');
    const r = merge3(base, ours, theirs);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(r.conflicts, [{ startLine: 8, endLine: 8, base: '  return 2;', ours: '  return 20;', theirs: '  return 200;' }]);
  });

  it('conflicts when one side deletes what the other changes, and on touching changes', () => {
    const deleted = base.replace('function g() {\n  return 2;\n}\n', '');
    assert.equal(merge3(base, deleted, base.replace('return 2;', 'return 3;')).ok, false);
    assert.equal(merge3(base, base.replace('function f() {', 'function f(x) {'), base.replace('return 1;', 'return x;')).ok, false);
  });

  it('keeps CRLF endings and merges the final-newline state', () => {
    const b = 'a\r\nb\r\nc\r\nd\r\ne\r\n';
    const r = merge3(b, b.replace('a\r\n', 'A\r\n'), b.replace('e\r\n', 'E'));
    assert.deepEqual(r, { ok: true, content: 'A\r\nb\r\nc\r\nd\r\nE' });
  });

  it('returns the changed side when only one side changed', () => {
    const theirs = base.replace('return 1;', 'return 5;');
    assert.deepEqual(merge3(base, base, theirs), { ok: true, content: theirs });
    assert.deepEqual(merge3(base, theirs, base), { ok: true, content: theirs });
  });
});

describe('diff3Regions', () => {
  it('splits touching changes only when asked to', () => {
    const b = ['a', 'b', 'c', 'd'];
    const o = ['a', 'B', 'c', 'd'];
    const t = ['a', 'b', 'C', 'd'];
    assert.deepEqual(diff3Regions(b, o, t).map((r) => r.kind), ['unchanged', 'conflict', 'unchanged']);
    assert.deepEqual(diff3Regions(b, o, t, { adjacent: 'merge' }).map((r) => r.kind), ['unchanged', 'ours', 'theirs', 'unchanged']);
  });

  it('compares each side with its own key', () => {
    const r = diff3Regions(['x = 1', 'y = 2'], ['  x  =  1', '  y = 2'], ['x = 1', 'y = 3'], { oursKey: (l) => l.trim().replace(/\s+/g, ' ') });
    assert.deepEqual(r.map((x) => x.kind), ['unchanged', 'theirs']);
  });
});

describe('merge3, generated cases', () => {
  // Deterministic: replace a stretch of lines in ours and a later, separate stretch in theirs.
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));

  it('merges any two changes separated by an unchanged line, in either order', () => {
    for (let round = 0; round < 200; round++) {
      const base = Array.from({ length: int(6, 30) }, (_, i) => `line ${i}`);
      const a0 = int(0, base.length - 4);
      const a1 = int(a0, Math.min(base.length - 3, a0 + 3));
      const b0 = int(a1 + 1, base.length - 1);
      const b1 = int(b0, base.length);
      const oursNew = Array.from({ length: int(0, 3) }, (_, i) => `ours ${round}.${i}`);
      const theirsNew = Array.from({ length: int(a0 === a1 && oursNew.length === 0 ? 1 : 0, 3) }, (_, i) => `theirs ${round}.${i}`);
      const ours = [...base.slice(0, a0), ...oursNew, ...base.slice(a1)];
      const theirs = [...base.slice(0, b0), ...theirsNew, ...base.slice(b1)];
      const both = [...base.slice(0, a0), ...oursNew, ...base.slice(a1, b0), ...theirsNew, ...base.slice(b1)];
      const text = (l: string[]): string => (l.length ? l.join('\n') + '\n' : '');
      const r1 = merge3(text(base), text(ours), text(theirs));
      const r2 = merge3(text(base), text(theirs), text(ours));
      assert.deepEqual(r1, { ok: true, content: text(both) }, `round ${round}`);
      assert.deepEqual(r2, { ok: true, content: text(both) }, `round ${round}`);
    }
  });
});

describe('diff3Regions with adjacent changes merged, generated cases', () => {
  let seed = 99;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));

  it('merges changes that touch without overlapping', () => {
    for (let round = 0; round < 200; round++) {
      const base = Array.from({ length: int(4, 20) }, (_, i) => `line ${i}`);
      const mid = int(1, base.length - 1);
      const a0 = int(Math.max(0, mid - 3), mid - 1); // ours replaces [a0, mid): at least one line
      const b1 = int(mid, Math.min(base.length, mid + 3)); // theirs replaces [mid, b1)
      const oursNew = Array.from({ length: int(0, 2) }, (_, i) => `ours ${i}`);
      const theirsNew = Array.from({ length: int(b1 === mid ? 1 : 0, 2) }, (_, i) => `theirs ${i}`);
      const ours = [...base.slice(0, a0), ...oursNew, ...base.slice(mid)];
      const theirs = [...base.slice(0, mid), ...theirsNew, ...base.slice(b1)];
      const out: string[] = [];
      for (const r of diff3Regions(base, ours, theirs, { adjacent: 'merge' })) {
        assert.notEqual(r.kind, 'conflict', `round ${round}`);
        out.push(...(r.kind === 'theirs' ? theirs.slice(...r.theirs) : ours.slice(...r.ours)));
      }
      assert.deepEqual(out, [...base.slice(0, a0), ...oursNew, ...theirsNew, ...base.slice(b1)], `round ${round}`);
      assert.ok(diff3Regions(base, ours, theirs).some((r) => r.kind === 'conflict'), `round ${round}: touching is a conflict by default`);
    }
  });
});
