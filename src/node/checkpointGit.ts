/**
 * The git copy of checkpoints, kept out of the user's repository. A private bare repository
 * inside the checkpoint store holds one ref per checkpoint (`refs/squad/checkpoints/<id>`: a
 * parentless commit whose tree holds just the touched files' pre-images, at their paths from the
 * user's repository top). It borrows the user's objects through `objects/info/alternates`, so a
 * pre-image git already has (a file unchanged since its last commit) costs nothing: only blobs
 * and trees the user's repository lacks are written, and only into the private one.
 *
 * Nothing is written to the user's repository: no ref, object, config, index or reflog. The
 * object ids are computed here and looked up first (`cat-file --batch-check`), so git is never
 * asked to write an object the user's repository already holds; writing one would "freshen" it,
 * touching the file's mtime in the user's `.git`.
 *
 * The one exception is `migrateUserRefs`: earlier versions kept these refs in the user's
 * repository; it deletes those (and only those) once per store.
 *
 * Borrowing has one known weakness: if the user rewrites history and git gc then drops a blob a
 * checkpoint borrowed, that checkpoint's git copy is incomplete. The storage copy, which roll-back
 * reads, does not depend on git at all.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { squadGit } from './squadGit';

export const CHECKPOINT_REF_PREFIX = 'refs/squad/checkpoints/';
/** The private repository's folder inside the store (hidden: never listed as a checkpoint). */
export const PRIVATE_GIT_DIR = '.git-checkpoints';
const NO_HOOKS_DIR = '.no-hooks';
const MIGRATED_MARKER = '.user-refs-migrated';
/** Subject of every checkpoint commit, old and new: how the migration recognises its own refs. */
const SUBJECT = 'Squad checkpoint ';

export interface UserRepo {
  /** The repository's top (real path). */
  readonly top: string;
  readonly objects: string;
  readonly format: 'sha1' | 'sha256';
  /** The workspace folder's path segments below the top. */
  readonly prefix: readonly string[];
}

/** Runs git in the private repository; `input` goes to stdin. */
export type GitRun = (input?: string) => (args: readonly string[]) => Promise<string>;

export interface PrivateRepo {
  readonly gitDir: string;
  readonly user: UserRepo;
  readonly git: GitRun;
}

export interface PreImage {
  /** Workspace-relative POSIX path. */
  readonly path: string;
  /** The stored copy (hash-object reads it from there, unfiltered). */
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly executable: boolean;
}

/** The workspace's repository, read-only queries; undefined when the workspace is not in one. */
export async function findUserRepo(workspaceRoot: string): Promise<UserRepo | undefined> {
  let out: string;
  try {
    out = await runGit(workspaceRoot, ['rev-parse', '--path-format=absolute', '--show-toplevel', '--git-path', 'objects', '--show-object-format']);
  } catch {
    return undefined;
  }
  const [top, objects, format] = out.trim().split('\n').map((l) => l.trim());
  if (!top || !objects || (format !== 'sha1' && format !== 'sha256')) return undefined;
  const realTop = await fs.realpath(top);
  const prefix = path.relative(realTop, await fs.realpath(workspaceRoot)).split(path.sep).filter(Boolean);
  return { top: realTop, objects: await fs.realpath(objects), format, prefix };
}

/** The store's private repository, created on first use, borrowing `user`'s objects. */
export async function openPrivateRepo(storeDir: string, user: UserRepo): Promise<PrivateRepo> {
  const gitDir = path.join(storeDir, PRIVATE_GIT_DIR);
  const noHooks = path.join(storeDir, NO_HOOKS_DIR);
  await fs.mkdir(noHooks, { recursive: true });
  const config = await fs.readFile(path.join(gitDir, 'config'), 'utf8').catch(() => undefined);
  // Alternates need one hash function on both sides: a repository re-made as SHA-256 (or back) starts a new private one.
  if (config !== undefined && (/objectformat\s*=\s*sha256/i.test(config) ? 'sha256' : 'sha1') !== user.format) await fs.rm(gitDir, { recursive: true, force: true });
  if (!(await exists(path.join(gitDir, 'HEAD')))) {
    // No template: no sample hooks or description to carry around; init is safe to repeat.
    await runGit(storeDir, ['init', '--bare', '--quiet', '--template=', `--object-format=${user.format}`, gitDir], noHooks);
  }
  const alternates = path.join(gitDir, 'objects', 'info', 'alternates');
  if ((await fs.readFile(alternates, 'utf8').catch(() => '')) !== `${user.objects}\n`) {
    await fs.mkdir(path.dirname(alternates), { recursive: true });
    const tmp = `${alternates}.${process.pid}.tmp`;
    await fs.writeFile(tmp, `${user.objects}\n`);
    await fs.rename(tmp, alternates);
  }
  return { gitDir, user, git: (input) => (args) => runGit(storeDir, [`--git-dir=${gitDir}`, ...args], noHooks, input) };
}

/** The private repository when it exists (for removing and pruning without a user repository). */
export async function existingPrivateRepo(storeDir: string): Promise<GitRun | undefined> {
  const gitDir = path.join(storeDir, PRIVATE_GIT_DIR);
  if (!(await exists(path.join(gitDir, 'HEAD')))) return undefined;
  const noHooks = path.join(storeDir, NO_HOOKS_DIR);
  await fs.mkdir(noHooks, { recursive: true });
  return (input) => (args) => runGit(storeDir, [`--git-dir=${gitDir}`, ...args], noHooks, input);
}

interface TreeNode {
  readonly files: Map<string, { readonly mode: '100644' | '100755'; readonly id: Buffer }>;
  readonly dirs: Map<string, TreeNode>;
}

/** Writes the checkpoint commit and its ref in the private repository; returns the ref. */
export async function writeCheckpointRef(repo: PrivateRepo, id: string, runId: string, preImages: readonly PreImage[]): Promise<string> {
  const hash = (type: string, body: Uint8Array): Buffer => createHash(repo.user.format).update(`${type} ${body.byteLength}\0`).update(body).digest();
  const root: TreeNode = { files: new Map(), dirs: new Map() };
  const blobIds = new Map<string, PreImage>();
  for (const pre of preImages) {
    const segments = [...repo.user.prefix, ...pre.path.split('/')];
    const name = segments.pop() as string;
    let node = root;
    for (const s of segments) {
      let next = node.dirs.get(s);
      if (!next) node.dirs.set(s, (next = { files: new Map(), dirs: new Map() }));
      node = next;
    }
    const blob = hash('blob', pre.bytes);
    node.files.set(name, { mode: pre.executable ? '100755' : '100644', id: blob });
    blobIds.set(blob.toString('hex'), pre);
  }
  /** Tree id → its entries as `mktree -z` reads them. */
  const trees = new Map<string, string>();
  const rootTree = serializeTree(root, hash, trees);

  // Only what neither repository has yet is written, so the user's objects are never freshened.
  // (The empty tree always "exists": git knows it without storing it.)
  const wanted = [...blobIds.keys(), ...trees.keys()];
  const known = await repo.git(`${wanted.join('\n')}\n`)(['cat-file', '--batch-check']);
  const missing = new Set(known.split('\n').filter((l) => l.endsWith(' missing')).map((l) => l.split(' ')[0]));
  const blobs = [...blobIds].filter(([sha]) => missing.has(sha));
  if (blobs.length > 0) {
    // One process for all; --no-filters keeps the bytes exact (no autocrlf, no clean filters).
    const out = await repo.git(`${blobs.map(([, pre]) => pre.file).join('\n')}\n`)(['hash-object', '-w', '--no-filters', '--stdin-paths']);
    expectIds('blob', out, blobs.map(([sha]) => sha));
  }
  // Children come before their parents in `trees`, as one mktree batch needs them.
  const newTrees = [...trees].filter(([sha]) => missing.has(sha));
  if (newTrees.length > 0) {
    const out = await repo.git(newTrees.map(([, listing]) => listing).join('\0'))(['mktree', '-z', '--batch']);
    expectIds('tree', out, newTrees.map(([sha]) => sha));
  }

  const message = `${SUBJECT}${id}\n\nRun ${runId}: the files as they were before an apply (${preImages.length} file${preImages.length === 1 ? '' : 's'}).\n`;
  const commit = (await repo.git()(['commit-tree', '--no-gpg-sign', '-m', message, rootTree])).trim();
  const ref = `${CHECKPOINT_REF_PREFIX}${id}`;
  // 'create' refuses to move a ref that already exists.
  await refTransaction(repo.git, [`create ${ref} ${commit}`]);
  return ref;
}

/** Git's tree encoding, hashed here; fills `out` with every tree, children first, and returns the root's id. */
function serializeTree(node: TreeNode, hash: (type: string, body: Uint8Array) => Buffer, out: Map<string, string>): string {
  const entries: { mode: string; type: 'tree' | 'blob'; name: string; sortKey: Buffer; id: Buffer }[] = [];
  for (const [name, child] of node.dirs) {
    entries.push({ mode: '40000', type: 'tree', name, sortKey: Buffer.from(`${name}/`), id: Buffer.from(serializeTree(child, hash, out), 'hex') });
  }
  for (const [name, file] of node.files) entries.push({ mode: file.mode, type: 'blob', name, sortKey: Buffer.from(name), id: file.id });
  // Git sorts entries by name bytes, a folder as if its name ended in '/'.
  entries.sort((a, b) => Buffer.compare(a.sortKey, b.sortKey));
  const body = Buffer.concat(entries.flatMap((e) => [Buffer.from(`${e.mode} ${e.name}\0`), e.id]));
  const listing = entries.map((e) => `${e.mode.padStart(6, '0')} ${e.type} ${e.id.toString('hex')}\t${e.name}\0`).join('');
  const id = hash('tree', body).toString('hex');
  out.set(id, listing);
  return id;
}

/** git must have stored exactly the objects computed here. */
function expectIds(type: string, out: string, expected: readonly string[]): void {
  const ids = out.trim().split('\n');
  expected.forEach((sha, i) => {
    if (ids[i]?.trim() !== sha) throw new Error(`git stored a ${type} as ${ids[i] ?? 'nothing'}, expected ${sha}`);
  });
}

/** Deletes checkpoint refs by id (missing ones are no error), in one transaction. */
export async function deleteRefs(git: GitRun, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await refTransaction(git, ids.map((id) => `delete ${CHECKPOINT_REF_PREFIX}${id}`));
}

/** Checkpoint refs of the private repository with their commit times (seconds). */
export async function listRefs(git: GitRun): Promise<{ id: string; time: number }[]> {
  const out = await git()(['for-each-ref', '--format=%(refname) %(committerdate:unix)', CHECKPOINT_REF_PREFIX]);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [ref = '', time = '0'] = line.split(' ');
      return { id: ref.slice(CHECKPOINT_REF_PREFIX.length), time: Number(time) };
    });
}

/**
 * Removes the private repository's objects no ref reaches any more. Objects younger than the
 * grace stay: another process may be between writing a checkpoint's objects and its ref.
 */
export async function pruneObjects(git: GitRun, graceMs: number): Promise<void> {
  const expire = graceMs <= 0 ? 'now' : `${Math.ceil(graceMs / 1000)}.seconds.ago`;
  await git()(['prune', `--expire=${expire}`]);
}

/**
 * Earlier versions kept each checkpoint as `refs/squad/checkpoints/<id>` in the user's own
 * repository: visible in `git log --all` and GUI clients, pushed by `git push --mirror`, never
 * pruned, and keeping every pre-image from git gc. Checkpoints now live in the private
 * repository, so those refs are dead weight in the user's history: this deletes them, once per
 * store. Only our own: a ref under that prefix whose commit says "Squad checkpoint <id>" for
 * its own id; anything else under the prefix is left alone. Each deletion names the value it
 * saw, so a ref that moved in between stays.
 */
export async function migrateUserRefs(storeDir: string, user: UserRepo): Promise<number> {
  const marker = path.join(storeDir, MIGRATED_MARKER);
  if (await exists(marker)) return 0;
  const noHooks = path.join(storeDir, NO_HOOKS_DIR);
  await fs.mkdir(noHooks, { recursive: true });
  const out = await runGit(user.top, ['for-each-ref', '--format=%(refname)%00%(objectname)%00%(objecttype)%00%(subject)', CHECKPOINT_REF_PREFIX], noHooks);
  const ours = out
    .split('\n')
    .map((line) => line.split('\0'))
    .filter(([ref, , type, subject]) => ref !== undefined && type === 'commit' && subject === `${SUBJECT}${ref.slice(CHECKPOINT_REF_PREFIX.length)}`);
  if (ours.length > 0) await refTransaction((input) => (args) => runGit(user.top, args, noHooks, input), ours.map(([ref, sha]) => `delete ${ref} ${sha}`));
  await fs.writeFile(marker, `${new Date().toISOString()} removed ${ours.length} ref(s) from ${user.top}\n`);
  return ours.length;
}

/**
 * One `update-ref --stdin` transaction: all of `commands` or none. The explicit start and commit
 * make git answer ("start: ok"…): a command that prints nothing is waited on for 50 ms more.
 */
async function refTransaction(git: GitRun, commands: readonly string[]): Promise<void> {
  await git(['start', ...commands, 'commit', ''].join('\n'))(['update-ref', '--stdin']);
}

/** git for the checkpoints (squadGit.ts says how it is hardened); `noHooks` turns hooks off. */
function runGit(cwd: string, args: readonly string[], noHooks?: string, input?: string): Promise<string> {
  return squadGit(cwd, args, { ...(noHooks ? { noHooks } : {}), ...(input ? { input } : {}) });
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}
