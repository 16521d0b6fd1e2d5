import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectEol, keepFinalNewline, lineKey, lineTable, modelLines, splitKeepEnds, withEol } from '../../../../src/core/changes/text';

describe('text helpers', () => {
  it('detects the dominant line ending', () => {
    assert.equal(detectEol('a\r\nb\r\nc\n'), '\r\n');
    assert.equal(detectEol('a\nb\r\nc\n'), '\n');
    assert.equal(detectEol('one line'), '\n');
  });

  it('rewrites line endings in either direction', () => {
    assert.equal(withEol('a\nb\r\nc', '\r\n'), 'a\r\nb\r\nc');
    assert.equal(withEol('a\r\nb\r\n', '\n'), 'a\nb\n');
  });

  it('keeps the final-newline state of the original', () => {
    assert.equal(keepFinalNewline('x', 'y\n', '\n'), 'y');
    assert.equal(keepFinalNewline('x\r\n', 'y', '\r\n'), 'y\r\n');
    assert.equal(keepFinalNewline('x', 'y\r\n', '\r\n'), 'y');
    assert.equal(keepFinalNewline('', 'y\n', '\n'), 'y\n');
  });

  it('splits lines with and without terminators', () => {
    assert.deepEqual(splitKeepEnds('a\r\nb\nc'), ['a\r\n', 'b\n', 'c']);
    assert.deepEqual(lineTable('a\r\nb\n'), { lines: ['a', 'b'], starts: [0, 3, 5] });
    assert.deepEqual(modelLines('a\r\nb\n'), { lines: ['a', 'b'], endsWithNewline: true });
    assert.deepEqual(modelLines(''), { lines: [], endsWithNewline: false });
  });

  it('compares lines without indentation, trailing space or inner runs', () => {
    assert.equal(lineKey('\t  return  a +\tb;  '), 'return a + b;');
    assert.equal(lineKey('x'), 'x');
  });
});
