/**
 * The Storage port over a local folder (the run journals live here). Appends to one file are
 * queued so they land in call order, and each is a single `appendFile` of one whole line.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { SquadError } from '../core/common/errors';
import type { Storage } from '../core/ports';

export function createFsStorage(rootDir: string): Storage {
  const root = path.resolve(rootDir);
  const queues = new Map<string, Promise<void>>();
  /** Files whose end we know to be a complete line, so appending starts a fresh line. */
  const clean = new Set<string>();

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
      const write = async (): Promise<void> => {
        if (!clean.has(abs)) {
          await fs.mkdir(path.dirname(abs), { recursive: true });
          await cutTornTail(abs);
          clean.add(abs);
        }
        try {
          await fs.appendFile(abs, `${line}\n`, 'utf8');
        } catch (err) {
          clean.delete(abs); // a failed write may have left part of the line behind
          throw err;
        }
      };
      const done = (queues.get(abs) ?? Promise.resolve()).then(write);
      const settled = done.catch(() => {});
      queues.set(abs, settled);
      void settled.then(() => {
        if (queues.get(abs) === settled) queues.delete(abs);
      });
      await done;
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
