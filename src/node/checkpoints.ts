/**
 * Checkpoints: before an apply writes anything, the exact bytes of every file it will touch are
 * kept in the extension's storage folder and, when the workspace is a git repository, under
 * `refs/squad/checkpoints/<id>`: a commit whose tree holds just those files. The ref is built
 * with plumbing (hash-object, mktree, commit-tree, update-ref), so its cost follows the number
 * of files touched, never the size of the repository, and the user's index, branches, stash and
 * working tree are left alone. The storage copy is the one roll-back reads; the ref is a second
 * copy that git tools can see (`git restore --source=<ref> -- <path>`).
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { z } from 'zod';
import { SquadError } from '../core/common/errors';
import { systemClock, type Clock } from '../core/ports';
import { newRunId } from '../core/run/session';

export const CHECKPOINT_REF_PREFIX = 'refs/squad/checkpoints/';

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
  /** Deletes the stored copy and the git ref (an apply that never happened). */
  remove(id: string): Promise<void>;
}

export interface CheckpointStoreOptions {
  /** Folder of the checkpoints, outside the workspace (the extension's storage). */
  readonly dir: string;
  readonly workspaceRoot: string;
  readonly clock?: Clock;
  /** Keep a git ref when the workspace is a repository (default true). */
  readonly gitRef?: boolean;
  /** Told why a git ref could not be made; the checkpoint is still kept in storage. */
  readonly warn?: (message: string) => void;
}

const MANIFEST = 'manifest.json';
const ID_PATTERN = /^[0-9A-Za-z][0-9A-Za-z_-]*$/;

export function createCheckpointStore(options: CheckpointStoreOptions): CheckpointStore {
  const dir = path.resolve(options.dir);
  const folderOf = (id: string): string => {
    if (!ID_PATTERN.test(id)) throw new SquadError('path/outside_workspace', `"${id}" is not a checkpoint id.`);
    return path.join(dir, id);
  };

  return {
    async create(runId, files) {
      const id = newRunId(options.clock ?? systemClock);
      const tmp = path.join(dir, `.tmp-${id}`);
      await fs.mkdir(path.join(tmp, 'before'), { recursive: true });
      try {
        const entries: CheckpointFile[] = [];
        const blobs: GitBlob[] = [];
        for (const [index, file] of files.entries()) {
          const rel = checkedPath(file.path);
          const base = { path: rel, after: file.after ?? null, ...(file.unsaved !== undefined ? { unsaved: file.unsaved } : {}) };
          if (file.before === undefined) {
            entries.push({ ...base, existed: false });
            continue;
          }
          const blobFile = path.join(tmp, 'before', String(index));
          await fs.writeFile(blobFile, file.before);
          const stat = await fs.stat(path.join(options.workspaceRoot, ...rel.split('/'))).catch(() => undefined);
          const executable = stat !== undefined && (stat.mode & 0o111) !== 0;
          entries.push({ ...base, existed: true, size: file.before.byteLength, sha256: sha256(file.before), executable });
          blobs.push({ path: rel, file: blobFile, executable });
        }
        const checkpoint: Checkpoint = { version: 1, id, runId, createdAt: (options.clock ?? systemClock).now(), files: entries };
        if (options.gitRef !== false) {
          const gitRef = await writeGitRef(options.workspaceRoot, dir, tmp, id, runId, blobs).catch((err: unknown) => {
            options.warn?.(`No git ref for checkpoint ${id}: ${err instanceof Error ? err.message : String(err)}`);
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
    },

    async read(id) {
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
    },

    async list() {
      const names = await fs.readdir(dir).catch(() => [] as string[]);
      return names.filter((n) => ID_PATTERN.test(n)).sort();
    },

    async remove(id) {
      const loaded = await this.read(id).catch(() => undefined);
      await fs.rm(folderOf(id), { recursive: true, force: true });
      if (loaded?.checkpoint.gitRef) {
        const git = await gitWithoutHooks(options.workspaceRoot, dir);
        await git().raw(['update-ref', '-d', loaded.checkpoint.gitRef]).catch(() => undefined);
      }
    },
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

interface GitBlob {
  /** Workspace-relative path. */
  readonly path: string;
  /** Where the bytes are stored (hash-object reads them from there, unfiltered). */
  readonly file: string;
  readonly executable: boolean;
}

interface TreeDir {
  readonly files: Map<string, { readonly mode: string; readonly sha: string }>;
  readonly dirs: Map<string, TreeDir>;
}

/**
 * Writes the pre-images as a parentless commit under refs/squad/checkpoints/<id>; undefined when
 * the workspace is not in a repository. Paths in the tree are relative to the repository's top,
 * so `git restore --source=<ref> -- <path>` works from anywhere in it.
 */
async function writeGitRef(workspaceRoot: string, storeDir: string, scratch: string, id: string, runId: string, blobs: readonly GitBlob[]): Promise<string | undefined> {
  const probe = simpleGit({ baseDir: workspaceRoot });
  if (!(await probe.checkIsRepo().catch(() => false))) return undefined;
  const top = await fs.realpath((await probe.revparse(['--show-toplevel'])).trim());
  const prefix = path.relative(top, await fs.realpath(workspaceRoot)).split(path.sep).filter(Boolean);
  const git = await gitWithoutHooks(top, storeDir);

  const root: TreeDir = { files: new Map(), dirs: new Map() };
  if (blobs.length > 0) {
    // One process for every blob; --no-filters keeps the bytes exact (no autocrlf, no clean filters).
    const shas = (await git(blobs.map((b) => b.file).join('\n') + '\n').raw(['hash-object', '-w', '--no-filters', '--stdin-paths'])).trim().split('\n');
    if (shas.length !== blobs.length) throw new Error(`git hash-object returned ${shas.length} ids for ${blobs.length} files`);
    for (const [i, blob] of blobs.entries()) {
      const segments = [...prefix, ...blob.path.split('/')];
      const name = segments.pop() as string;
      let node = root;
      for (const s of segments) {
        let next = node.dirs.get(s);
        if (!next) node.dirs.set(s, (next = { files: new Map(), dirs: new Map() }));
        node = next;
      }
      node.files.set(name, { mode: blob.executable ? '100755' : '100644', sha: shas[i]!.trim() });
    }
  }
  const tree = await writeTree(root, git, scratch);
  const message = `Squad checkpoint ${id}\n\nRun ${runId}: the files as they were before an apply (${blobs.length} file${blobs.length === 1 ? '' : 's'}).\n`;
  const commit = (await git().raw(['commit-tree', '--no-gpg-sign', '-m', message, tree])).trim();
  const ref = `${CHECKPOINT_REF_PREFIX}${id}`;
  // The empty old value makes update-ref refuse to move a ref that already exists.
  await git().raw(['update-ref', '-m', `squad checkpoint ${id}`, ref, commit, '']);
  return ref;
}

/**
 * git at `baseDir` with hooks pointed at an empty folder (update-ref would run the repository's
 * reference-transaction hook: a checkpoint runs no repository code) and a fixed identity (the
 * commit is ours, and must not fail where no user.email is configured).
 */
async function gitWithoutHooks(baseDir: string, storeDir: string): Promise<(input?: string) => SimpleGit> {
  const noHooks = path.join(storeDir, '.no-hooks');
  await fs.mkdir(noHooks, { recursive: true });
  return (input) =>
    simpleGit({
      baseDir,
      config: [`core.hooksPath=${noHooks}`, 'user.name=Squad', 'user.email=squad@localhost'],
      unsafe: { allowUnsafeHooksPath: true },
      ...(input !== undefined ? { input: () => input } : {}),
    });
}

/** mktree per folder, deepest first (mktree takes one level); an empty root is the empty tree. */
async function writeTree(node: TreeDir, git: (input?: string) => SimpleGit, scratch: string): Promise<string> {
  const entries: string[] = [];
  for (const [name, child] of node.dirs) entries.push(`040000 tree ${await writeTree(child, git, scratch)}\t${name}`);
  for (const [name, file] of node.files) entries.push(`${file.mode} blob ${file.sha}\t${name}`);
  if (entries.length === 0) {
    // stdin cannot be empty here (nothing would close it): hash an empty file as a tree instead.
    const empty = path.join(scratch, 'empty-tree');
    await fs.writeFile(empty, '');
    const sha = (await git().raw(['hash-object', '-w', '-t', 'tree', '--no-filters', empty])).trim();
    await fs.rm(empty);
    return sha;
  }
  return (await git(entries.map((e) => `${e}\0`).join('')).raw(['mktree', '-z'])).trim();
}
