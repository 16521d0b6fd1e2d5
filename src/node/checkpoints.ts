/**
 * Checkpoints: before an apply writes anything, the exact bytes of every file it will touch are
 * kept, so a roll-back can put them back. What a checkpoint guarantees:
 *
 * - The storage copy (`<dir>/<id>/`: a manifest and each pre-image, verified by SHA-256 when
 *   read) is what roll-back reads. It is complete before `create` returns, or nothing is left.
 * - When the workspace is in a git repository, a second copy lives in a private bare repository
 *   inside the store (`checkpointGit.ts`): one ref per checkpoint, borrowing the user's objects,
 *   so it costs only the touched files' blobs git does not already have. Nothing is written to
 *   the user's repository: no ref, object, config, index or reflog. Its cost follows the number
 *   of files touched, never the size of the repository.
 * - Bounded: each `create` keeps the newest `keep` checkpoints (default 20) and removes older
 *   ones with their private refs; `remove(id)` (an apply that never happened, a roll-back)
 *   removes both copies. Objects no ref reaches any more are pruned after a grace period.
 * - Refs that earlier versions left in the user's repository (`refs/squad/checkpoints/*`) are
 *   deleted once per store, ours only (see `migrateUserRefs`).
 *
 * The git copy is best effort: when git is missing or fails, `warn` says so and the checkpoint
 * is kept in storage only.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { SquadError } from '../core/common/errors';
import { systemClock, type Clock } from '../core/ports';
import { newRunId } from '../core/run/session';
import {
  PRIVATE_GIT_DIR,
  deleteRefs,
  existingPrivateRepo,
  findUserRepo,
  listRefs,
  migrateUserRefs,
  openPrivateRepo,
  pruneObjects,
  writeCheckpointRef,
  type PreImage,
} from './checkpointGit';

export { CHECKPOINT_REF_PREFIX, PRIVATE_GIT_DIR } from './checkpointGit';

const CheckpointFileSchema = z.object({
  /** Workspace-relative POSIX path. */
  path: z.string(),
  /** The file existed before the apply (its bytes are kept). */
  existed: z.boolean(),
  size: z.number().int().nonnegative().optional(),
  sha256: z.string().optional(),
  executable: z.boolean().optional(),
  /** The editor's unsaved text of the file when the apply ran, if it had any. */
  unsaved: z.string().optional(),
  /** The text the apply leaves; null when the apply deletes the file. */
  after: z.string().nullable(),
});

const ManifestSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  runId: z.string(),
  createdAt: z.number(),
  gitRef: z.string().optional(),
  files: z.array(CheckpointFileSchema),
});

export type CheckpointFile = z.infer<typeof CheckpointFileSchema>;
export type Checkpoint = z.infer<typeof ManifestSchema>;

export interface CheckpointInput {
  readonly path: string;
  /** The file's bytes now; undefined when it does not exist (the apply creates it). */
  readonly before: Uint8Array | undefined;
  readonly unsaved?: string;
  /** What the apply will leave (undefined: it deletes the file). */
  readonly after: string | undefined;
}

export interface LoadedCheckpoint {
  readonly checkpoint: Checkpoint;
  /** The exact bytes a file had; undefined when it did not exist. */
  before(path: string): Uint8Array | undefined;
}

export interface CheckpointStore {
  create(runId: string, files: readonly CheckpointInput[]): Promise<Checkpoint>;
  /** The checkpoint with its pre-images, verified against their hashes; undefined when unknown. */
  read(id: string): Promise<LoadedCheckpoint | undefined>;
  /** Checkpoint ids, oldest first. */
  list(): Promise<string[]>;
  /** Deletes the stored copy and the private git ref (an apply that never happened, a roll-back). */
  remove(id: string): Promise<void>;
  /** The private repository holding the refs (exists once a checkpoint of a git workspace was made). */
  readonly gitDir: string;
}

export interface CheckpointStoreOptions {
  /** Folder of the checkpoints, outside the workspace (the extension's storage). */
  readonly dir: string;
  readonly workspaceRoot: string;
  readonly clock?: Clock;
  /** Keep a git copy when the workspace is a repository (default true). */
  readonly gitRef?: boolean;
  /** How many checkpoints to keep, newest first (default 20); older ones go on each create. */
  readonly keep?: number;
  /**
   * How old an object no ref reaches must be before it is pruned (default 10 minutes): another
   * process may be between writing a checkpoint's objects and its ref.
   */
  readonly pruneGraceMs?: number;
  /** Told why the git copy could not be made or pruned; the checkpoint is still kept in storage. */
  readonly warn?: (message: string) => void;
}

export const DEFAULT_KEEP = 20;
const DEFAULT_PRUNE_GRACE_MS = 10 * 60_000;
const MANIFEST = 'manifest.json';
const ID_PATTERN = /^[0-9A-Za-z][0-9A-Za-z_-]*$/;

export function createCheckpointStore(options: CheckpointStoreOptions): CheckpointStore {
  const dir = path.resolve(options.dir);
  const keep = options.keep ?? DEFAULT_KEEP;
  if (!Number.isInteger(keep) || keep < 1) throw new SquadError('config/invalid', `Checkpoints to keep must be a whole number of at least 1, not ${keep}.`);
  const graceMs = options.pruneGraceMs ?? DEFAULT_PRUNE_GRACE_MS;
  const clock = options.clock ?? systemClock;
  const warn = (what: string, err: unknown): void => options.warn?.(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  const folderOf = (id: string): string => {
    if (!ID_PATTERN.test(id)) throw new SquadError('path/outside_workspace', `"${id}" is not a checkpoint id.`);
    return path.join(dir, id);
  };
  // One create or remove at a time in this process: pruning must not race our own create.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  const list = async (): Promise<string[]> => {
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    return names.filter((n) => ID_PATTERN.test(n)).sort();
  };

  const read = async (id: string): Promise<LoadedCheckpoint | undefined> => {
    const folder = folderOf(id);
    let raw: string;
    try {
      raw = await fs.readFile(path.join(folder, MANIFEST), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const parsed = ManifestSchema.safeParse(safeJson(raw));
    if (!parsed.success || parsed.data.id !== id) throw new SquadError('journal/corrupt', `Checkpoint ${id} is damaged: its manifest does not parse.`);
    const checkpoint = parsed.data;
    const bytes = new Map<string, Uint8Array>();
    for (const [index, file] of checkpoint.files.entries()) {
      if (!file.existed) continue;
      const data = await fs.readFile(path.join(folder, 'before', String(index))).catch(() => undefined);
      if (data === undefined || sha256(data) !== file.sha256) {
        throw new SquadError('journal/corrupt', `Checkpoint ${id} is damaged: the saved copy of ${file.path} is missing or altered.`);
      }
      bytes.set(file.path, new Uint8Array(data));
    }
    return { checkpoint, before: (p) => bytes.get(p) };
  };

  /** Drops checkpoints beyond `keep` (or the ones named), their refs, stray refs and temp folders, then unreachable objects. */
  const prune = async (drop: readonly string[] | 'excess'): Promise<void> => {
    const ids = await list();
    const dropped = drop === 'excess' ? ids.slice(0, Math.max(0, ids.length - keep)) : drop;
    for (const id of dropped) await fs.rm(folderOf(id), { recursive: true, force: true });
    // Compared with file and commit times, so the real clock, not the injected one.
    const cutoff = Date.now() - graceMs;
    for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
      // A create that died half way; a live one is younger than the grace.
      if (!name.startsWith('.tmp-')) continue;
      const stat = await fs.stat(path.join(dir, name)).catch(() => undefined);
      if (stat && stat.mtimeMs < cutoff) await fs.rm(path.join(dir, name), { recursive: true, force: true });
    }
    const git = await existingPrivateRepo(dir);
    if (!git) return;
    try {
      const kept = new Set(ids.filter((id) => !dropped.includes(id)));
      // A ref whose storage copy is gone (removed by hand, or a create that died after its ref) goes too, once past the grace.
      const stray = (await listRefs(git)).filter((r) => !kept.has(r.id) && (dropped.includes(r.id) || r.time * 1000 < cutoff)).map((r) => r.id);
      const gone = [...new Set([...dropped, ...stray])];
      if (gone.length === 0) return;
      await deleteRefs(git, gone);
      await pruneObjects(git, graceMs);
    } catch (err) {
      warn('Could not prune the checkpoints\' git copy', err);
    }
  };

  const create = async (runId: string, files: readonly CheckpointInput[]): Promise<Checkpoint> => {
    const id = newRunId(clock);
    const tmp = path.join(dir, `.tmp-${id}`);
    await fs.mkdir(path.join(tmp, 'before'), { recursive: true });
    try {
      const rels = files.map((f) => checkedPath(f.path));
      // Each file's copy and mode at once: an apply of 50 files should not wait 100 round trips.
      const saved = await Promise.all(
        files.map(async (file, index): Promise<{ entry: CheckpointFile; preImage?: PreImage }> => {
          const rel = rels[index] as string;
          const base = { path: rel, after: file.after ?? null, ...(file.unsaved !== undefined ? { unsaved: file.unsaved } : {}) };
          if (file.before === undefined) return { entry: { ...base, existed: false } };
          const blobFile = path.join(tmp, 'before', String(index));
          const [, stat] = await Promise.all([fs.writeFile(blobFile, file.before), fs.stat(path.join(options.workspaceRoot, ...rel.split('/'))).catch(() => undefined)]);
          const executable = stat !== undefined && (stat.mode & 0o111) !== 0;
          return {
            entry: { ...base, existed: true, size: file.before.byteLength, sha256: sha256(file.before), executable },
            preImage: { path: rel, file: blobFile, bytes: file.before, executable },
          };
        }),
      );
      const entries = saved.map((s) => s.entry);
      const preImages = saved.flatMap((s) => (s.preImage ? [s.preImage] : []));
      const checkpoint: Checkpoint = { version: 1, id, runId, createdAt: clock.now(), files: entries };
      if (options.gitRef !== false) {
        const gitRef = await gitCopy(id, runId, preImages).catch((err: unknown) => {
          warn(`No git copy of checkpoint ${id}`, err);
          return undefined;
        });
        if (gitRef) checkpoint.gitRef = gitRef;
      }
      await fs.writeFile(path.join(tmp, MANIFEST), JSON.stringify(checkpoint));
      await fs.rename(tmp, folderOf(id));
      return checkpoint;
    } catch (err) {
      await fs.rm(tmp, { recursive: true, force: true });
      throw err;
    }
  };

  const gitCopy = async (id: string, runId: string, preImages: readonly PreImage[]): Promise<string | undefined> => {
    const user = await findUserRepo(options.workspaceRoot);
    if (!user) return undefined;
    await migrateUserRefs(dir, user).catch((err: unknown) => warn('Could not remove the old checkpoint refs from the repository', err));
    return writeCheckpointRef(await openPrivateRepo(dir, user), id, runId, preImages);
  };

  return {
    gitDir: path.join(dir, PRIVATE_GIT_DIR),
    create: (runId, files) =>
      serial(async () => {
        const checkpoint = await create(runId, files);
        await prune('excess').catch((err: unknown) => warn('Could not prune old checkpoints', err));
        return checkpoint;
      }),
    read,
    list,
    remove: (id) =>
      serial(async () => {
        folderOf(id);
        await prune([id]);
      }),
  };
}

function checkedPath(rel: string): string {
  const segments = rel.split('/');
  if (rel === '' || rel.startsWith('/') || /^[A-Za-z]:/.test(rel) || rel.includes('\\') || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new SquadError('path/outside_workspace', `"${rel}" is not a workspace-relative path.`);
  }
  return rel;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
