/** What `apply` and `rollback` need: the workspace and the journal, no model and no key. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Storage } from '../core/ports';
import { RunSession } from '../core/run/session';
import { createFsStorage } from '../node/fsStorage';
import { usageError } from './args';
import { journalDirFor } from './journalDir';
import type { CliIO } from './io';

export interface LocalSetup {
  readonly root: string;
  readonly journalDir: string;
  readonly storage: Storage;
  readonly say: (line: string) => void;
}

export async function prepareLocal(values: { readonly workspace?: string; readonly journal?: string }, io: CliIO): Promise<LocalSetup> {
  const root = path.resolve(io.cwd, values.workspace ?? '.');
  if (!(await fs.stat(root).catch(() => undefined))?.isDirectory()) throw usageError(`The workspace "${root}" is not a folder.`);
  const journalDir = await journalDirFor(values.journal, io.env, io.cwd, root);
  return { root, journalDir, storage: createFsStorage(journalDir), say: (line) => void io.stderr.write(`${line}\n`) };
}

/** The run, as its only writer; a run another process works on is refused (exit 2). */
export async function openRunForWriting(setup: LocalSetup, runId: string): Promise<RunSession> {
  const session = await RunSession.resume(setup.storage, runId);
  try {
    await session.acquireWriter();
  } catch (err) {
    session.dispose();
    throw err;
  }
  return session;
}
