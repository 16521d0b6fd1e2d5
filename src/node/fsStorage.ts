/**
 * The Storage port over a local folder (the run journals live here). Appends to one file land
 * in call order, whole lines only.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SquadError } from '../core/common/errors';
import type { Storage, StorageLock } from '../core/ports';

export function createFsStorage(rootDir: string): Storage {
  const root = path.resolve(rootDir);
  const writers = new Map<string, GroupWriter>();

  const resolve = (relPath: string): string => {
    const abs = path.resolve(root, relPath);
    const rel = path.relative(root, abs);
    if (relPath === '' || path.isAbsolute(relPath) || rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new SquadError('path/outside_workspace', `Storage path "${relPath}" is not inside the storage folder.`);
    }
    return abs;
  };

  return {
    async appendLine(relPath, line) {
      if (/[\r\n]/.test(line)) throw new Error('Storage.appendLine takes a single line without line breaks.');
      const abs = resolve(relPath);
      let writer = writers.get(abs);
      if (!writer) {
        writer = new GroupWriter(abs);
        writers.set(abs, writer);
      }
      await writer.append(line);
    },

    async readLines(relPath) {
      let text: string;
      try {
        text = await fs.readFile(resolve(relPath), 'utf8');
      } catch (err) {
        if (isErrno(err, 'ENOENT')) return undefined;
        throw err;
      }
      if (text === '') return [];
      const lines = text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      return lines;
    },

    lock: (relPath) => lockFile(resolve(relPath)),

    async list(relDir) {
      const abs = relDir === '' || relDir === '.' ? root : resolve(relDir);
      try {
        return (await fs.readdir(abs)).sort();
      } catch (err) {
        if (isErrno(err, 'ENOENT') || isErrno(err, 'ENOTDIR')) return [];
        throw err;
      }
    },
  };
}

/**
 * Appends to one file in call order. Lines that arrive while a write is under way are written
 * together in the next one (group commit): with several agents reporting at once, the journal
 * costs one write per burst instead of one open/write/close per event. Each caller's promise
 * settles only once its line is on disk.
 */
class GroupWriter {
  private pending: { line: string; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private writing = false;
  /** Whether the file's end is known to be a complete line, so appending starts a fresh line. */
  private clean = false;

  constructor(private readonly file: string) {}

  append(line: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ line, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        if (!this.clean) {
          await fs.mkdir(path.dirname(this.file), { recursive: true });
          await cutTornTail(this.file);
          this.clean = true;
        }
        await fs.appendFile(this.file, batch.map((b) => `${b.line}\n`).join(''), 'utf8');
        batch.forEach((b) => b.resolve());
      } catch (err) {
        this.clean = false; // a failed write may have left part of a line behind
        batch.forEach((b) => b.reject(err));
      }
    }
    this.writing = false;
  }
}

/**
 * A process killed mid-append leaves a partial last line. That append never completed (nobody
 * was told it succeeded), so drop it before writing: otherwise the next line would be glued to it.
 */
async function cutTornTail(file: string): Promise<void> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r+');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return;
    throw err;
  }
  try {
    const { size } = await handle.stat();
    const chunk = Buffer.alloc(64 * 1024);
    let end = size;
    let keep = 0;
    search: while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await handle.read(chunk, 0, end - start, start);
      for (let i = bytesRead - 1; i >= 0; i--) {
        if (chunk[i] === 0x0a) {
          keep = start + i + 1;
          break search;
        }
      }
      end = start;
    }
    if (keep < size) await handle.truncate(keep);
  } finally {
    await handle.close();
  }
}

function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

/**
 * A lock file created exclusively, holding its owner's pid and host. A lock whose owner process
 * is gone (a killed run) is taken over; one held by a live process, or by another host (whose
 * processes we cannot see), is respected.
 */
async function lockFile(file: string): Promise<StorageLock | undefined> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const mine = JSON.stringify({ pid: process.pid, host: os.hostname(), at: Date.now() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(file, mine, { flag: 'wx' });
      return {
        release: async () => {
          // Only our own lock: a taken-over one belongs to someone else now.
          if ((await fs.readFile(file, 'utf8').catch(() => '')) === mine) await fs.rm(file, { force: true });
        },
      };
    } catch (err) {
      if (!isErrno(err, 'EEXIST')) throw err;
      if (!(await holderIsGone(file))) return undefined;
      await fs.rm(file, { force: true });
    }
  }
  return undefined;
}

async function holderIsGone(file: string): Promise<boolean> {
  let owner: { pid?: unknown; host?: unknown };
  try {
    owner = JSON.parse(await fs.readFile(file, 'utf8')) as { pid?: unknown; host?: unknown };
  } catch {
    // Torn or empty: its writer died while writing it.
    return true;
  }
  if (typeof owner.pid !== 'number' || owner.host !== os.hostname()) return owner.host === os.hostname();
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (err) {
    return isErrno(err, 'ESRCH');
  }
}
