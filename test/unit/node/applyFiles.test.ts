import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isSquadError, type SquadErrorCode } from '../../../src/core/common/errors';
import type { PlannedWrite } from '../../../src/core/review/applyPlan';
import { applyFiles, type ApplyStep } from '../../../src/node/applyFiles';

const CRLF = Buffer.from('one\r\ntwo\r\n');
const LATIN1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]); // "café\n" in windows-1252
const BOM = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('bom\n')]);
const UTF16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('wide\n', 'utf16le')]);
const SCRIPT = Buffer.from('#!/bin/sh\necho hi\n');
const OUTSIDE = 'outside the workspace\n';

interface Fixture {
  /** Holds the workspace and a folder outside it: the snapshot covers both. */
  readonly base: string;
  readonly root: string;
  readonly outside: string;
  dispose(): Promise<void>;
}

async function fixture(files: Record<string, string | Buffer> = {}): Promise<Fixture> {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-apply-'));
  const root = path.join(base, 'ws');
  const outside = path.join(base, 'outside');
  await fs.mkdir(root);
  await fs.mkdir(outside);
  await fs.writeFile(path.join(outside, 'target.txt'), OUTSIDE);
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), content);
  }
  return { base, root, outside, dispose: () => fs.rm(base, { recursive: true, force: true }) };
}

/** Every entry under `dir`: kind, permission bits, bytes, link target, and the inode of files (the entry itself, not a copy). */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await fs.readdir(path.join(dir, rel))).sort()) {
      const child = rel ? `${rel}/${name}` : name;
      const abs = path.join(dir, child);
      const st = await fs.lstat(abs);
      if (st.isSymbolicLink()) out[child] = `link ${await fs.readlink(abs)}`;
      else if (st.isDirectory()) {
        out[child] = `dir ${(st.mode & 0o777).toString(8)}`;
        await walk(child);
      } else {
        const sha = createHash('sha256').update(await fs.readFile(abs)).digest('hex').slice(0, 16);
        out[child] = `file ${(st.mode & 0o777).toString(8)} ino ${st.ino} links ${st.nlink} ${sha}`;
      }
    }
  };
  await walk('');
  return out;
}

async function hiddenTemps(dir: string): Promise<string[]> {
  return Object.keys(await snapshot(dir)).filter((p) => path.posix.basename(p).startsWith('.squad-'));
}

const modify = (p: string, current: string, content: string): PlannedWrite => ({ path: p, action: 'modified', original: current, current, content, merged: false });
const create = (p: string, content: string): PlannedWrite => ({ path: p, action: 'created', original: undefined, current: undefined, content, merged: false });
const remove = (p: string, current: string): PlannedWrite => ({ path: p, action: 'deleted', original: current, current, content: undefined, merged: false });

/** Runs the apply expecting a failure; asserts the code, the message, and that base is exactly as before. */
async function expectNothingWritten(fx: Fixture, writes: readonly PlannedWrite[], code: SquadErrorCode, message: RegExp, onStep?: (s: ApplyStep) => void | Promise<void>): Promise<void> {
  const before = await snapshot(fx.base);
  await assert.rejects(applyFiles(fx.root, writes, onStep ? { onStep } : {}), (err) => {
    assert.ok(isSquadError(err, code), `${code} expected, got ${String(err)}`);
    assert.match(err.message, message);
    return true;
  });
  assert.deepEqual(await snapshot(fx.base), before, 'every entry is as it was, and no temporary file remains');
}

/** A plan touching a bit of everything, with `third.txt` third and a link/hard link/deletion ahead of the end. */
async function mixedFixture(): Promise<{ fx: Fixture; writes: PlannedWrite[] }> {
  const fx = await fixture({ 'first.txt': 'first\n', 'crlf.txt': CRLF, 'third.txt': 'third\n', 'gone.txt': 'gone\n', 'run.sh': SCRIPT, 'last.txt': 'last\n' });
  await fs.chmod(path.join(fx.root, 'run.sh'), 0o755);
  await fs.symlink(path.join(fx.outside, 'target.txt'), path.join(fx.root, 'linked.txt'));
  await fs.link(path.join(fx.outside, 'target.txt'), path.join(fx.root, 'hard.txt'));
  const writes = [
    modify('first.txt', 'first\n', 'first (new)\n'),
    create('made/deep/new.ts', 'export {};\n'),
    modify('third.txt', 'third\n', 'third (new)\n'),
    modify('linked.txt', OUTSIDE, 'linked (new)\n'),
    modify('hard.txt', OUTSIDE, 'hard (new)\n'),
    remove('gone.txt', 'gone\n'),
    modify('crlf.txt', 'one\r\ntwo\r\n', 'one\r\ntwo (new)\r\n'),
    modify('run.sh', SCRIPT.toString(), '#!/bin/sh\necho hello\n'),
    modify('last.txt', 'last\n', 'last (new)\n'),
  ];
  return { fx, writes };
}

test('writes, creates and deletes, keeping encoding, BOM, line endings and the executable bit', async () => {
  const fx = await fixture({ 'crlf.txt': CRLF, 'latin1.txt': LATIN1, 'bom.txt': BOM, 'utf16.txt': UTF16, 'run.sh': SCRIPT, 'gone.txt': 'gone\n' });
  try {
    await fs.chmod(path.join(fx.root, 'run.sh'), 0o755);
    const report = await applyFiles(fx.root, [
      modify('crlf.txt', 'one\r\ntwo\r\n', 'one\r\ntwo (new)\r\n'),
      modify('latin1.txt', 'café\n', 'café crème €\n'),
      modify('bom.txt', 'bom\n', 'bom (new)\n'),
      modify('utf16.txt', 'wide\n', 'wider\n'),
      modify('run.sh', SCRIPT.toString(), '#!/bin/sh\necho hello\n'),
      remove('gone.txt', 'gone\n'),
      create('src/new/made.ts', 'export const made = 1;\n'),
    ]);
    assert.deepEqual(report, { written: ['crlf.txt', 'latin1.txt', 'bom.txt', 'utf16.txt', 'run.sh', 'src/new/made.ts'], deleted: ['gone.txt'], leftovers: [] });
    const read = (rel: string) => fs.readFile(path.join(fx.root, rel));
    assert.deepEqual(await read('crlf.txt'), Buffer.from('one\r\ntwo (new)\r\n'));
    assert.deepEqual(await read('latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x63, 0x72, 0xe8, 0x6d, 0x65, 0x20, 0x80, 0x0a]));
    assert.deepEqual(await read('bom.txt'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('bom (new)\n')]));
    assert.deepEqual(await read('utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('wider\n', 'utf16le')]));
    assert.equal((await fs.stat(path.join(fx.root, 'run.sh'))).mode & 0o777, 0o755);
    assert.equal(await read('src/new/made.ts').then(String), 'export const made = 1;\n');
    await assert.rejects(fs.stat(path.join(fx.root, 'gone.txt')));
    assert.deepEqual(await hiddenTemps(fx.base), []);
  } finally {
    await fx.dispose();
  }
});

test('a file changed on disk since the plan, or created since, refuses the whole apply and names each', async () => {
  const fx = await fixture({ 'a.txt': 'a\n', 'b.txt': 'b, edited by the user\n', 'c.txt': 'c\n', 'appeared.txt': 'mine\n' });
  try {
    const writes = [modify('a.txt', 'a\n', 'a2\n'), modify('b.txt', 'b\n', 'b2\n'), create('appeared.txt', 'theirs\n'), modify('c.txt', 'c\n', 'c2\n')];
    await expectNothingWritten(fx, writes, 'changes/conflict', /b\.txt: it changed on disk since the changes were planned.*appeared\.txt: it was created on disk/);
  } finally {
    await fx.dispose();
  }
});

test('a read-only file in the middle of the list refuses the whole apply', async () => {
  const { fx, writes } = await mixedFixture();
  try {
    await fs.chmod(path.join(fx.root, 'third.txt'), 0o444);
    await expectNothingWritten(fx, writes, 'changes/write_failed', /third\.txt: it is read-only/);
  } finally {
    await fx.dispose();
  }
});

test('a 300-character file name: refused up front in an existing folder, put back after the rename fails in a new one', async () => {
  const { fx, writes } = await mixedFixture();
  try {
    const long = `${'n'.repeat(300)}.ts`;
    await expectNothingWritten(fx, [...writes.slice(0, 3), create(long, 'x\n'), ...writes.slice(3)], 'changes/write_failed', new RegExp(`${long}: .*the file name is too long \\(ENAMETOOLONG\\)`));
    // In a folder the apply creates, nothing can look at the name before the rename: the real
    // ENAMETOOLONG comes in phase 2, after earlier files were replaced, and everything goes back.
    const renamed: string[] = [];
    await expectNothingWritten(fx, [...writes.slice(0, 6), create(`fresh/${long}`, 'x\n'), ...writes.slice(6)], 'changes/write_failed', /could not write fresh\/n+\.ts: the file name is too long \(ENAMETOOLONG\)/, (s) => {
      if (s.phase === 'replace') renamed.push(s.path);
    });
    assert.equal(renamed.length, 7, 'six files were replaced (and put back) before the long name failed');
  } finally {
    await fx.dispose();
  }
});

test('a target whose folder is a file is refused', async () => {
  const { fx, writes } = await mixedFixture();
  try {
    await expectNothingWritten(fx, [...writes.slice(0, 4), create('first.txt/inner.ts', 'x\n'), ...writes.slice(4)], 'changes/write_failed', /first\.txt\/inner\.ts: first\.txt is a file, not a folder/);
  } finally {
    await fx.dispose();
  }
});

test('a parent folder that is a symlink leaving the workspace is refused; one inside the workspace is followed', async () => {
  const { fx, writes } = await mixedFixture();
  try {
    await fs.symlink(fx.outside, path.join(fx.root, 'escape'));
    await expectNothingWritten(fx, [...writes.slice(0, 2), create('escape/planted.sh', 'x\n'), ...writes.slice(2)], 'path/outside_workspace', /escape\/planted\.sh: its folder escape is a link leaving the workspace/);
    await expectNothingWritten(fx, [modify('escape/target.txt', OUTSIDE, 'changed\n')], 'path/outside_workspace', /escape\/target\.txt/);

    await fs.mkdir(path.join(fx.root, 'real'));
    await fs.symlink('real', path.join(fx.root, 'alias'));
    await applyFiles(fx.root, [create('alias/inside.txt', 'inside\n')]);
    assert.equal(await fs.readFile(path.join(fx.root, 'real', 'inside.txt'), 'utf8'), 'inside\n');
  } finally {
    await fx.dispose();
  }
});

test('a hard link and a symlink to a file outside are replaced by regular files; the outside file never changes', async () => {
  const { fx, writes } = await mixedFixture();
  try {
    const outsideFile = path.join(fx.outside, 'target.txt');
    const outsideIno = (await fs.stat(outsideFile)).ino;
    await applyFiles(fx.root, writes);
    assert.equal(await fs.readFile(outsideFile, 'utf8'), OUTSIDE);
    const outsideNow = await fs.stat(outsideFile);
    assert.equal(outsideNow.ino, outsideIno);
    assert.equal(outsideNow.nlink, 1, 'the workspace entry no longer links to it');
    for (const [rel, text] of [['hard.txt', 'hard (new)\n'], ['linked.txt', 'linked (new)\n']] as const) {
      const st = await fs.lstat(path.join(fx.root, rel));
      assert.ok(st.isFile() && !st.isSymbolicLink(), `${rel} is a regular file now`);
      assert.equal(st.nlink, 1);
      assert.notEqual(st.ino, outsideIno);
      assert.equal(await fs.readFile(path.join(fx.root, rel), 'utf8'), text);
    }
    assert.deepEqual(await hiddenTemps(fx.base), []);
  } finally {
    await fx.dispose();
  }
});

test('an injected full disk while preparing the third file: temps and created folders removed, nothing written', async () => {
  const { fx, writes } = await mixedFixture();
  try {
    await expectNothingWritten(fx, writes, 'changes/write_failed', /^Squad wrote nothing: could not write third\.txt: the disk is full \(ENOSPC\)\.$/, (s) => {
      if (s.phase === 'prepare' && s.path === 'third.txt') throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    });
  } finally {
    await fx.dispose();
  }
});

test('a rename refused late in phase 2 puts every replaced entry back: same inodes, the symlink a symlink, the deleted file back', async () => {
  const { fx, writes } = await mixedFixture();
  try {
    // After first.txt, the new folder, third.txt, both links and the deletion were replaced.
    await expectNothingWritten(fx, writes, 'changes/write_failed', /could not write crlf\.txt: permission denied \(EACCES\)/, (s) => {
      if (s.phase === 'replace' && s.path === 'crlf.txt') throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    });
    await expectNothingWritten(fx, writes, 'changes/write_failed', /could not write first\.txt: the file system is read-only \(EROFS\)/, (s) => {
      if (s.phase === 'replace' && s.path === 'first.txt') throw Object.assign(new Error('EROFS'), { code: 'EROFS' });
    });
    await expectNothingWritten(fx, writes, 'changes/write_failed', /could not delete gone\.txt: the operation is not permitted \(EPERM\)/, (s) => {
      if (s.phase === 'replace' && s.path === 'gone.txt') throw Object.assign(new Error('EPERM'), { code: 'EPERM' });
    });
  } finally {
    await fx.dispose();
  }
});

test('where the original entry cannot be put back, its bytes and mode are, by temp + rename', async () => {
  const { fx, writes } = await mixedFixture();
  try {
    const before = await snapshot(fx.base);
    await assert.rejects(
      applyFiles(fx.root, writes, {
        onStep: async (s) => {
          if (s.phase !== 'replace' || s.path !== 'crlf.txt') return;
          // The hard-link backups of first.txt and run.sh vanish (a cleaner, a file system without links).
          for (const name of await fs.readdir(fx.root)) {
            const bytes = name.startsWith('.squad-') ? await fs.readFile(path.join(fx.root, name)) : undefined;
            if (bytes && (bytes.equals(Buffer.from('first\n')) || bytes.equals(SCRIPT))) await fs.rm(path.join(fx.root, name));
          }
          throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
        },
      }),
      (err) => isSquadError(err, 'changes/write_failed') && /^Squad wrote nothing: could not write crlf\.txt/.test(err.message),
    );
    const after = await snapshot(fx.base);
    // A new file (the kernel may hand it the freed inode number again): compare bytes and mode (755 for run.sh).
    for (const rel of ['ws/first.txt', 'ws/run.sh']) {
      after[rel] = after[rel]!.replace(/ ino \d+/, '');
      before[rel] = before[rel]!.replace(/ ino \d+/, '');
    }
    assert.deepEqual(after, before);
  } finally {
    await fx.dispose();
  }
});

test('a real refusal by the OS in phase 2 (an immutable file) puts everything back', async (t) => {
  const { fx, writes } = await mixedFixture();
  const immutable = path.join(fx.root, 'crlf.txt');
  try {
    try {
      execFileSync('chattr', ['+i', immutable], { stdio: 'ignore' });
    } catch {
      t.skip('chattr +i needs root and a file system that supports it');
      return;
    }
    await expectNothingWritten(fx, writes, 'changes/write_failed', /could not write crlf\.txt: the operation is not permitted \(EPERM\)/);
  } finally {
    try {
      execFileSync('chattr', ['-i', immutable], { stdio: 'ignore' });
    } catch {
      // It was never set.
    }
    await fx.dispose();
  }
});

test('a file changed between verification and its rename is not overwritten, and the rest goes back', async () => {
  const { fx, writes } = await mixedFixture();
  try {
    const expected = { ...(await snapshot(fx.base)) };
    await assert.rejects(
      applyFiles(fx.root, writes, {
        onStep: async (s) => {
          if (s.phase === 'replace' && s.path === 'crlf.txt') await fs.appendFile(path.join(fx.root, 'crlf.txt'), 'typed by the user\r\n');
        },
      }),
      (err) => isSquadError(err, 'changes/conflict') && /crlf\.txt changed on disk while the apply was writing/.test(err.message),
    );
    const now = await snapshot(fx.base);
    assert.equal(await fs.readFile(path.join(fx.root, 'crlf.txt'), 'utf8'), 'one\r\ntwo\r\ntyped by the user\r\n');
    delete expected['ws/crlf.txt'];
    delete now['ws/crlf.txt'];
    assert.deepEqual(now, expected);
  } finally {
    await fx.dispose();
  }
});

test('a cancel before phase 2 writes nothing; a cancel during phase 2 lets it finish', async () => {
  const { fx, writes } = await mixedFixture();
  try {
    const early = new AbortController();
    const before = await snapshot(fx.base);
    await assert.rejects(
      applyFiles(fx.root, writes, { signal: early.signal, onStep: (s) => (s.phase === 'prepare' && s.path === 'third.txt' ? early.abort() : undefined) }),
      (err) => isSquadError(err, 'cancelled'),
    );
    assert.deepEqual(await snapshot(fx.base), before);

    const late = new AbortController();
    const report = await applyFiles(fx.root, writes, { signal: late.signal, onStep: (s) => (s.phase === 'replace' && s.path === 'first.txt' ? late.abort() : undefined) });
    assert.equal(report.written.length + report.deleted.length, writes.length);
    assert.equal(await fs.readFile(path.join(fx.root, 'last.txt'), 'utf8'), 'last (new)\n');
    assert.deepEqual(await hiddenTemps(fx.base), []);
  } finally {
    await fx.dispose();
  }
});

test('paths that leave the workspace or enter .git are refused', async () => {
  const fx = await fixture({ 'a.txt': 'a\n' });
  try {
    for (const bad of ['../escape.txt', '/etc/passwd', '.git/config', 'sub/.GIT/hooks/pre-commit', 'a\\b.txt', '']) {
      await expectNothingWritten(fx, [modify('a.txt', 'a\n', 'a2\n'), create(bad, 'x\n')], 'path/outside_workspace', /Squad wrote nothing/);
    }
  } finally {
    await fx.dispose();
  }
});
