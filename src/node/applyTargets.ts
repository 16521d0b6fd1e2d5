/**
 * The verification half of `applyFiles`: every target of an apply is resolved and checked before
 * a single byte is written, and every problem is reported at once (one refusal naming each file).
 * A target passes when its path stays in the workspace after resolving each parent folder
 * (symlinked folders included), it holds exactly the text the plan was made from (or is absent
 * when the plan creates it), it is a writable regular text file, and the new text fits its
 * encoding. Nothing here writes.
 */
import { promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';
import type { SquadErrorCode } from '../core/common/errors';
import type { PlannedWrite } from '../core/review/applyPlan';
import { decodeText, encodeText, unencodableChars, type TextEncodingName } from '../core/tools';

/** What stood at a target before the apply: enough to put the exact entry back. */
export interface Existing {
  readonly kind: 'file' | 'symlink';
  /** The bytes read (through the link for a symlink). */
  readonly bytes: Uint8Array;
  /** Permission bits of the file (of the link's target for a symlink). */
  readonly mode: number;
  /** What a symlink points at, verbatim. */
  readonly linkTarget?: string;
  /** lstat identity, to notice a change between verification and the rename. */
  readonly identity: string;
}

/**
 * A planned write, optionally with the exact bytes to leave: a roll-back recreating a deleted
 * windows-1252 file, or one with mixed line endings, needs its bytes, not a re-encoded text.
 */
export type FileWrite = PlannedWrite & { readonly bytes?: Uint8Array };

export interface Target {
  readonly rel: string;
  /** Absolute path of the entry, under the workspace's real path. */
  readonly abs: string;
  /** Its folder (real path, or a folder the apply creates). */
  readonly dir: string;
  /** Folders to create first, outermost first. */
  readonly missingDirs: readonly string[];
  /** Undefined: nothing is there. */
  readonly existing: Existing | undefined;
  /** The new bytes; undefined: the file is deleted. */
  readonly bytes: Uint8Array | undefined;
}

export interface TargetProblem {
  readonly path: string;
  readonly reason: string;
  readonly code: SquadErrorCode;
}

export type Verified = { readonly ok: true; readonly targets: readonly Target[] } | { readonly ok: false; readonly problems: readonly TargetProblem[] };

/** Resolves and checks every write; `aborted` is polled between files. */
export async function verifyTargets(realRoot: string, writes: readonly FileWrite[], aborted: () => void): Promise<Verified> {
  const targets: Target[] = [];
  const problems: TargetProblem[] = [];
  const seen = new Set<string>();
  for (const write of writes) {
    aborted();
    if (seen.has(write.path)) {
      problems.push({ path: write.path, reason: 'it is listed twice', code: 'changes/write_failed' });
      continue;
    }
    seen.add(write.path);
    const result = await verifyOne(realRoot, write);
    if ('reason' in result) problems.push(result);
    else targets.push(result);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, targets };
}

async function verifyOne(realRoot: string, write: FileWrite): Promise<Target | TargetProblem> {
  const problem = (reason: string, code: SquadErrorCode = 'changes/write_failed'): TargetProblem => ({ path: write.path, reason, code });
  const segments = write.path.split('/');
  if (!isRelativePosix(write.path)) return problem('it is not a workspace-relative path', 'path/outside_workspace');
  // The sandbox never lets an agent near .git; an apply does not either.
  if (segments.some((s) => s.toLowerCase() === '.git')) return problem('it is inside .git', 'path/outside_workspace');

  const name = segments.pop() as string;
  const parent = await resolveParent(realRoot, segments);
  if ('reason' in parent) return problem(parent.reason, parent.code);
  const dir = parent.missing.at(-1) ?? parent.dir;
  const abs = path.join(dir, name);

  const found = parent.missing.length > 0 ? { kind: 'absent' as const } : await inspect(abs);
  if (found.kind === 'error') return problem(found.reason);
  if (found.kind === 'folder') return problem('it is a folder');
  const current = found.kind === 'entry' ? found.decoded : undefined;

  // The plan was made from `write.current`: anything else on disk now means the plan is stale.
  if (write.current === undefined) {
    if (found.kind !== 'absent') return problem('it was created on disk since the changes were planned', 'changes/conflict');
  } else if (found.kind === 'absent') {
    return problem('it was deleted since the changes were planned', 'changes/conflict');
  } else if (found.kind === 'unreadable') {
    return problem(`it cannot be read (${found.reason})`, 'changes/conflict');
  } else if (current === undefined || current.binary) {
    return problem('it is no longer a text file', 'changes/conflict');
  } else if (current.text !== write.current) {
    return problem('it changed on disk since the changes were planned', 'changes/conflict');
  }
  const existing = found.kind === 'entry' ? found.existing : undefined;
  // An editor refuses to save over a read-only file without asking; so does an apply.
  if (existing && (existing.mode & 0o200) === 0) return problem('it is read-only');

  let bytes: Uint8Array | undefined;
  if (write.content !== undefined && write.bytes !== undefined) {
    bytes = write.bytes;
  } else if (write.content !== undefined) {
    const encoding: { name: TextEncodingName; bom: boolean } = current && !current.binary ? { name: current.encoding, bom: current.hadBom } : { name: 'utf8', bom: false };
    const bad = unencodableChars(write.content, encoding.name);
    if (bad.length > 0) return problem(`its windows-1252 encoding cannot hold ${bad.map((c) => JSON.stringify(c)).join(', ')}`);
    bytes = encodeText(write.content, encoding.name, encoding.bom);
  }
  return { rel: write.path, abs, dir, missingDirs: parent.missing, existing, bytes };
}

type Parent = { readonly dir: string; readonly missing: string[] } | { readonly reason: string; readonly code: SquadErrorCode };

/** Walks the folders from the root, following symlinked folders only while they stay inside it. */
async function resolveParent(realRoot: string, segments: readonly string[]): Promise<Parent> {
  let dir = realRoot;
  for (const [i, segment] of segments.entries()) {
    const next = path.join(dir, segment);
    const shown = segments.slice(0, i + 1).join('/');
    let stat: Stats;
    try {
      stat = await fs.lstat(next);
    } catch (err) {
      if (errno(err) === 'ENOENT') return { dir, missing: segments.slice(i).map((_, j) => path.join(dir, ...segments.slice(i, i + j + 1))) };
      return { reason: `its folder ${shown} cannot be read (${osReason(err)})`, code: 'changes/write_failed' };
    }
    if (stat.isSymbolicLink()) {
      const real = await fs.realpath(next).catch(() => undefined);
      if (real === undefined) return { reason: `its folder ${shown} is a broken link`, code: 'changes/write_failed' };
      if (!isInside(real, realRoot)) return { reason: `its folder ${shown} is a link leaving the workspace`, code: 'path/outside_workspace' };
      if (!(await fs.stat(real)).isDirectory()) return { reason: `${shown} is a file, not a folder`, code: 'changes/write_failed' };
      dir = real;
    } else if (stat.isDirectory()) {
      dir = next;
    } else {
      return { reason: `${shown} is a file, not a folder`, code: 'changes/write_failed' };
    }
  }
  return { dir, missing: [] };
}

type Found =
  | { readonly kind: 'absent' }
  | { readonly kind: 'folder' }
  | { readonly kind: 'error'; readonly reason: string }
  /** Something is there (a dangling link, say) but its bytes cannot be read. */
  | { readonly kind: 'unreadable'; readonly reason: string }
  | { readonly kind: 'entry'; readonly existing: Existing; readonly decoded: ReturnType<typeof decodeText> };

async function inspect(abs: string): Promise<Found> {
  let entry: Stats;
  try {
    entry = await fs.lstat(abs);
  } catch (err) {
    return errno(err) === 'ENOENT' ? { kind: 'absent' } : { kind: 'error', reason: osReason(err) };
  }
  if (entry.isDirectory()) return { kind: 'folder' };
  const isLink = entry.isSymbolicLink();
  let bytes: Uint8Array;
  let stat: Stats;
  try {
    // Through the link: the plan's text came from what the link shows.
    stat = await fs.stat(abs);
    if (stat.isDirectory()) return { kind: 'folder' };
    if (!stat.isFile()) return { kind: 'unreadable', reason: 'it is not a regular file' };
    bytes = new Uint8Array(await fs.readFile(abs));
  } catch (err) {
    return { kind: 'unreadable', reason: osReason(err) };
  }
  if (!isLink && !entry.isFile()) return { kind: 'unreadable', reason: 'it is not a regular file' };
  const existing: Existing = {
    kind: isLink ? 'symlink' : 'file',
    bytes,
    mode: stat.mode & 0o777,
    ...(isLink ? { linkTarget: await fs.readlink(abs) } : {}),
    identity: identityOf(entry),
  };
  return { kind: 'entry', existing, decoded: decodeText(bytes) };
}

/** Device, inode, size and mtime of the entry itself: a save, a replace or a touch changes one. */
export function identityOf(stat: Stats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
}

export function isInside(p: string, root: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function isRelativePosix(rel: string): boolean {
  return rel !== '' && !rel.startsWith('/') && !/^[A-Za-z]:/.test(rel) && !rel.includes('\\') && rel.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

export function errno(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EROFS: 'the file system is read-only',
  ENAMETOOLONG: 'the file name is too long',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  ENOTDIR: 'a folder on its path is a file',
  EISDIR: 'it is a folder',
  ENOENT: 'it does not exist',
  EEXIST: 'something already exists there',
  EBUSY: 'it is in use by another program',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
  EIO: 'the disk reported an input/output error',
  ELOOP: 'a link on its path loops',
};

/** The OS error in plain words, with its code for searching: "the disk is full (ENOSPC)". */
export function osReason(err: unknown): string {
  const code = errno(err);
  const words = code !== undefined ? REASONS[code] : undefined;
  if (words !== undefined) return `${words} (${code})`;
  return err instanceof Error ? err.message : String(err);
}
