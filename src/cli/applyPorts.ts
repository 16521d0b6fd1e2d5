/**
 * How the CLI applies and rolls back: files are read from disk, checkpoints are kept beside the
 * journals (never in the workspace, never in the user's git refs), and files are written all or
 * nothing by renaming new files into place (src/node/applyFiles.ts).
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { SquadError } from '../core/common/errors';
import type { ApplyPorts, FileNow } from '../core/review/applyRun';
import { decodeText } from '../core/tools/text';
import { applyFiles } from '../node/applyFiles';
import { osReason } from '../node/applyTargets';
import { createCheckpointStore, type CheckpointStore } from '../node/checkpoints';

/** One folder of checkpoints per workspace, named by a hash of its path. */
export function cliCheckpointStore(journalDir: string, root: string, warn?: (line: string) => void): CheckpointStore {
  const key = createHash('sha256').update(path.resolve(root)).digest('hex').slice(0, 16);
  return createCheckpointStore({ dir: path.join(journalDir, 'checkpoints', key), workspaceRoot: root, ...(warn ? { warn } : {}) });
}

export async function readFromDisk(root: string, rel: string): Promise<FileNow> {
  const bytes = await fs.readFile(path.join(root, ...rel.split('/'))).then((b) => new Uint8Array(b), (err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined;
    // Read before anything is written: an unreadable file stops the whole apply, named plainly.
    throw new SquadError('changes/write_failed', `Squad wrote nothing: ${rel} cannot be read: ${osReason(err)}.`, { cause: err });
  });
  if (bytes === undefined) return { current: { text: undefined, source: 'disk' }, bytes };
  const decoded = decodeText(bytes);
  return decoded.binary
    ? { current: { text: undefined, binary: true, source: 'disk' }, bytes }
    : { current: { text: decoded.text, encoding: decoded.encoding, source: 'disk' }, bytes };
}

export function cliApplyPorts(root: string, store: CheckpointStore, signal?: AbortSignal): ApplyPorts {
  return {
    read: (rel) => readFromDisk(root, rel),
    checkpoints: store,
    write: async (writes) => {
      await applyFiles(root, writes, signal ? { signal } : {});
    },
  };
}
