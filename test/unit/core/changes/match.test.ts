import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSquadError } from '../../../../src/core/common/errors';
import { applyEdits, locateEdit } from '../../../../src/core/changes/match';

const ts = [
  'import { db } from "./db";',
  '',
  'export async function listUsers(limit: number) {',
  '  const rows = await db.query("select * from users limit $1", [limit]);',
  '  return rows.map((r) => ({ id: r.id, name: r.name }));',
  '}',
  '',
  'export async function getUser(id: string) {',
  '  const rows = await db.query("select * from users where id = $1", [id]);',
  '  if (rows.length === 0) {',
  '    return undefined;',
  '  }',
  '  return { id: rows[0].id, name: rows[0].name };',
  '}',
  '',
].join('\n');

function refusal(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    assert.ok(isSquadError(err), `expected a SquadError, got ${String(err)}`);
    return { code: err.code, message: err.message };
  }
  assert.fail('expected the edit to be refused');
}

describe('locateEdit', () => {
  it('finds a unique exact substring with its offsets and lines', () => {
    const r = locateEdit(ts, '  if (rows.length === 0) {\n    return undefined;\n  }');
    assert.equal(r.kind, 'exact');
    if (r.kind !== 'exact') return;
    assert.equal(r.startLine, 10);
    assert.equal(r.endLine, 12);
    assert.equal(ts.slice(r.start, r.end), '  if (rows.length === 0) {\n    return undefined;\n  }');
  });

  it('refuses several exact hits as ambiguous, naming each place', () => {
    const r = locateEdit(ts, 'const rows = await db.query(');
    assert.equal(r.kind, 'ambiguous');
    if (r.kind !== 'ambiguous') return;
    assert.deepEqual(r.candidates, [
      { startLine: 4, endLine: 4 },
      { startLine: 9, endLine: 9 },
    ]);
  });

  it('matches despite trailing spaces and runs of inner whitespace', () => {
    const r = locateEdit(ts, '  if (rows.length   ===  0) {   \n    return undefined;\n  }');
    assert.equal(r.kind, 'whitespace');
    if (r.kind !== 'whitespace') return;
    assert.deepEqual([r.startLine, r.endLine, r.indentDelta], [10, 12, 0]);
  });

  it('reports a constant indentation offset', () => {
    const r = locateEdit(ts, 'if (rows.length === 0) {\n  return undefined;\n}');
    assert.equal(r.kind, 'indentation');
    if (r.kind !== 'indentation') return;
    assert.deepEqual([r.startLine, r.endLine, r.indentDelta], [10, 12, 2]);
  });

  it('finds a window with a small difference as fuzzy, with its similarity', () => {
    const search = [
      'export async function getUser(id: string) {',
      '  const rows = await db.query("select * from users where id = $1", [id]);',
      '  if (rows.length == 0) {',
      '    return undefined;',
    ].join('\n');
    const r = locateEdit(ts, search);
    assert.equal(r.kind, 'fuzzy');
    if (r.kind !== 'fuzzy') return;
    assert.deepEqual([r.startLine, r.endLine], [8, 11]);
    assert.ok(r.similarity >= 0.9 && r.similarity < 1);
  });

  it('refuses a weak fuzzy match, reporting the closest place', () => {
    const r = locateEdit(ts, 'export async function getUser(id: number) {\n  const user = await cache.get(id);\n  if (!user) {\n    throw new Error("no user");');
    assert.equal(r.kind, 'no_match');
    if (r.kind !== 'no_match') return;
    assert.ok(r.closest);
    assert.ok(r.closest.startLine <= 8 && r.closest.endLine >= 8, `closest ${r.closest.startLine}-${r.closest.endLine}`);
    assert.ok(r.closest.similarity < 0.9);
    assert.match(r.closest.text, /getUser\(id: string\)/);
  });

  it('refuses a fuzzy match that is not clearly better than a second place', () => {
    const block = ['function area(w, h) {', '  const result = w * h;', '  log("area", result);', '  return result;', '}'];
    const file = [...block, '', ...block, ''].join('\n');
    const r = locateEdit(file, block.join('\n').replace('log("area"', 'log("are"'));
    assert.equal(r.kind, 'ambiguous');
    if (r.kind !== 'ambiguous') return;
    assert.deepEqual(r.candidates, [
      { startLine: 1, endLine: 5 },
      { startLine: 7, endLine: 11 },
    ]);
  });

  it('locates in a 10,000-line file', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `  const value${i} = compute(${i}, "item-${i}");`);
    const file = lines.join('\n') + '\n';
    const r = locateEdit(file, '    const value7001 = compute(7001, "item-7001");\n    const value7002 = compute(7002, "item-7002");');
    assert.equal(r.kind, 'indentation');
    if (r.kind !== 'indentation') return;
    assert.deepEqual([r.startLine, r.endLine, r.indentDelta], [7002, 7003, -2]);
  });
});

describe('applyEdits', () => {
  it('applies an exact edit', () => {
    const { content, applied } = applyEdits(ts, [{ search: '    return undefined;', replace: '    return null;' }], 'src/users.ts');
    assert.equal(content, ts.replace('    return undefined;', '    return null;'));
    assert.equal(applied[0]?.kind, 'exact');
  });

  it('keeps a CRLF file CRLF when the model writes LF', () => {
    const file = 'line one\r\nline two\r\nline three\r\n';
    const { content } = applyEdits(file, [{ search: 'line one\nline two\n', replace: 'line one\nline 2\nline 2.5\n' }], 'a.txt');
    assert.equal(content, 'line one\r\nline 2\r\nline 2.5\r\nline three\r\n');
  });

  it('tolerates tabs in the file where the model wrote spaces, writing tabs', () => {
    const file = 'func main() {\n\tif ok {\n\t\trun()\n\t}\n}\n';
    const { content, applied } = applyEdits(file, [{ search: '    if ok {\n        run()\n    }', replace: '    if ok {\n        run()\n        stop()\n    }' }], 'main.go');
    assert.equal(content, 'func main() {\n\tif ok {\n\t\trun()\n\t\tstop()\n\t}\n}\n');
    assert.equal(applied[0]?.kind, 'whitespace');
  });

  it('tolerates trailing spaces in the file and keeps the lines it does not change', () => {
    const file = 'a = 1   \nb = 2\nc = 3\n';
    const { content } = applyEdits(file, [{ search: 'a = 1\nb = 2', replace: 'a = 1\nb = 20' }], 'x.py');
    assert.equal(content, 'a = 1   \nb = 20\nc = 3\n');
  });

  it('gives a search that starts at the first line\'s text that line\'s indentation back', () => {
    const file = 'def f():\n    x = 1\n    y = 2\n    return x + y\n';
    const { content } = applyEdits(file, [{ search: 'x = 1\n  y = 2', replace: 'x = 10\n  y = 20' }], 'f.py');
    assert.equal(content, 'def f():\n    x = 10\n    y = 20\n    return x + y\n');
  });

  it('re-indents the replacement by the indentation drift', () => {
    const file = 'class A:\n    def f(self):\n        if x:\n            return 1\n        return 2\n';
    const { content, applied } = applyEdits(
      file,
      [{ search: 'if x:\n    return 1\nreturn 2', replace: 'if x:\n    return 1\nelif y:\n    return 3\nreturn 2' }],
      'a.py',
    );
    assert.equal(content, 'class A:\n    def f(self):\n        if x:\n            return 1\n        elif y:\n            return 3\n        return 2\n');
    assert.equal(applied[0]?.kind, 'indentation');
  });

  it('keeps an indentation change the model makes (wrapping lines in a block)', () => {
    const file = 'function f() {\n  a();\n  b();\n}\n';
    const { content } = applyEdits(file, [{ search: 'a();\nb();', replace: 'if (ok) {\n  a();\n  b();\n}' }], 'f.js');
    assert.equal(content, 'function f() {\n  if (ok) {\n    a();\n    b();\n  }\n}\n');
  });

  it('applies a fuzzy match whose differing line is one the model does not change', () => {
    const search = [
      'export async function getUser(id: string) {',
      '  const rows = await db.query("select * from user where id = $1", [id]);',
      '  if (rows.length === 0) {',
      '    return undefined;',
    ].join('\n');
    const replace = search.replace('return undefined;', 'throw new NotFound(id);');
    const { content, applied } = applyEdits(ts, [{ search, replace }], 'src/users.ts');
    assert.equal(content, ts.replace('    return undefined;', '    throw new NotFound(id);'));
    assert.equal(applied[0]?.kind, 'fuzzy');
  });

  it('refuses a stale edit (the lines it changes are different now) with the closest place', () => {
    const stale = ts.replace('    return undefined;', '    return null;');
    const { code, message } = refusal(() =>
      applyEdits(stale, [{ search: '  if (rows.length === 0) {\n    return undefined;\n  }', replace: '  if (rows.length === 0) {\n    throw new NotFound(id);\n  }' }], 'src/users.ts'),
    );
    assert.equal(code, 'edit/no_match');
    assert.match(message, /^src\/users\.ts: no match for edit 1\. Closest \(\d+% similar\) is lines 10-12/);
    assert.match(message, /11:     return null;/);
  });

  it('refuses an edit whose text is gone, naming the edit, the closest lines and their similarity', () => {
    const { code, message } = refusal(() =>
      applyEdits(
        ts,
        [
          { search: 'import { db } from "./db";', replace: 'import { db } from "./database";' },
          { search: 'export async function getUser(id: number) {\n  const user = await cache.get(id);\n  if (!user) {\n    throw new Error("no user");', replace: 'x' },
        ],
        'src/users.ts',
      ),
    );
    assert.equal(code, 'edit/no_match');
    assert.match(message, /^src\/users\.ts: no match for edit 2\. Closest \((\d+)% similar\) is lines \d+-\d+:/);
    const pct = Number(/\((\d+)% similar\)/.exec(message)?.[1]);
    assert.ok(pct > 30 && pct < 90, `similarity ${pct}`);
    assert.match(message, /8: export async function getUser\(id: string\) \{/);
  });

  it('refuses an ambiguous edit, listing the candidate lines', () => {
    const { code, message } = refusal(() => applyEdits(ts, [{ search: '  const rows = await db.query(', replace: '  const rows = await pool.query(' }], 'src/users.ts'));
    assert.equal(code, 'edit/ambiguous');
    assert.match(message, /edit 1 matches 2 places \(lines 4-4, lines 9-9\)/);
  });

  it('applies several edits in order, each on the result of the previous', () => {
    const { content } = applyEdits(
      'alpha\nbeta\ngamma\n',
      [
        { search: 'beta', replace: 'BETA\ndelta' },
        { search: 'delta\ngamma', replace: 'gamma' },
      ],
      'list.txt',
    );
    assert.equal(content, 'alpha\nBETA\ngamma\n');
  });

  it('keeps a missing final newline missing, and a present one present', () => {
    assert.equal(applyEdits('a\nb', [{ search: 'b', replace: 'c\n' }], 'f').content, 'a\nc');
    assert.equal(applyEdits('a\nb\n', [{ search: 'b\n', replace: 'c' }], 'f').content, 'a\nc\n');
    assert.equal(applyEdits('a\r\nb\r\n', [{ search: 'a\nb\n', replace: 'x\ny' }], 'f').content, 'x\r\ny\r\n');
  });

  it('does not glue the next line onto a replacement that lacks the search\'s final newline', () => {
    assert.equal(applyEdits('a\nb\nc\n', [{ search: 'b\n', replace: 'B' }], 'f').content, 'a\nB\nc\n');
    assert.equal(applyEdits('a\r\nb\r\nc\r\n', [{ search: 'b\n', replace: 'B' }], 'f').content, 'a\r\nB\r\nc\r\n');
  });

  it('deletes whole lines when a line-wise match is replaced by nothing', () => {
    assert.equal(applyEdits('one\n  two  \nthree\n', [{ search: 'two\n', replace: '' }], 'f').content, 'one\nthree\n');
  });

  it('fills an empty file from an empty search, and refuses an empty search elsewhere', () => {
    assert.equal(applyEdits('', [{ search: '', replace: 'export const x = 1;\n' }], 'new.ts').content, 'export const x = 1;\n');
    const { code, message } = refusal(() => applyEdits('x\n', [{ search: '', replace: 'y' }], 'old.ts'));
    assert.equal(code, 'edit/no_match');
    assert.match(message, /empty search text, which only works on an empty file/);
  });
});

describe('applyEdits, more drift', () => {
  it('re-indents a dedented, space-indented edit into a tab-indented Go file', () => {
    const file = 'func F() {\n\tfor _, x := range xs {\n\t\tif x > 0 {\n\t\t\tuse(x)\n\t\t}\n\t}\n}\n';
    const { content, applied } = applyEdits(file, [{ search: 'if x > 0 {\n    use(x)\n}', replace: 'if x > 0 {\n    use(x)\n} else {\n    skip(x)\n}' }], 'f.go');
    assert.equal(content, 'func F() {\n\tfor _, x := range xs {\n\t\tif x > 0 {\n\t\t\tuse(x)\n\t\t} else {\n\t\t\tskip(x)\n\t\t}\n\t}\n}\n');
    assert.equal(applied[0]?.kind, 'indentation');
  });

  it('writes spaces into a space-indented file when the model indents with tabs', () => {
    const file = 'def f():\n    if a:\n        b()\n';
    const { content } = applyEdits(file, [{ search: '\tif a:\n\t\tb()', replace: '\tif a:\n\t\tb()\n\t\tc()' }], 'f.py');
    assert.equal(content, 'def f():\n    if a:\n        b()\n        c()\n');
  });

  it('applies an edit whose search left out a blank line of the file', () => {
    const file = 'a = 1\nb = 2\n\nc = 3\nd = 4\ne = 5\nf = 6\n';
    const { content, applied } = applyEdits(file, [{ search: 'a = 1\nb = 2\nc = 3\nd = 4\ne = 5\n', replace: 'a = 1\nb = 2\nc = 3\nd = 4\ne = 50\n' }], 'x.py');
    assert.equal(content, 'a = 1\nb = 2\n\nc = 3\nd = 4\ne = 50\nf = 6\n');
    assert.equal(applied[0]?.kind, 'fuzzy');
  });

  it('refuses a search of only whitespace', () => {
    const { code } = refusal(() => applyEdits('a\n', [{ search: '  \n', replace: 'b' }], 'f'));
    assert.equal(code, 'edit/no_match');
  });
});
