/**
 * Writes an apply's files all or nothing: the writer of the non-editor front ends (the extension
 * writes one WorkspaceEdit instead). What it guarantees:
 *
 * - Nothing is touched before every target passed verification (`applyTargets.ts`): inside the
 *   workspace after resolving each parent folder, holding exactly the text the plan was made from
 *   (absent when the plan creates it), a writable regular text file, the new text encodable. Any
 *   problem refuses the whole apply, naming each file and why.
 * - Each file keeps its encoding, BOM and line endings, and its permission bits (the executable
 *   bit); new files are UTF-8 without a BOM. A write that carries `bytes` (a roll-back) leaves
 *   exactly those bytes.
 * - New bytes go to a hidden temporary file beside the target (same folder, so the same file
 *   system), synced, then renamed over the target. A rename replaces the directory entry: a
 *   symlink or a hard link in the workspace becomes a regular file and whatever it pointed at,
 *   inside or outside the workspace, is never written. A deletion renames the target aside and
 *   removes it only once every file is in place.
 * - Any failure, at any step, puts the workspace back as it was: every entry already replaced
 *   comes back (the original entry itself, kept under a hidden name by a hard link, or a copy of
 *   a symlink; where the file system cannot link, the bytes and mode read before, again by temp
 *   + rename), temporary files and the folders the apply created are removed, and a SquadError
 *   names the file and the OS's reason in plain words. If putting a file back fails too, the
 *   error says which files could not be restored (their bytes are in the apply's checkpoint).
 * - The AbortSignal is honoured between files until the renames start (a cancel writes nothing);
 *   the renames themselves are not interrupted, since a half-applied change is worse than a
 *   finished one.
 *
 * Not guaranteed: atomicity across a crash or power loss in the middle (hidden `.squad-*.tmp`
 * files may stay; the checkpoint holds the pre-images), and a change another program makes to a
 * file between verification and its rename is noticed only through its size, mtime or inode.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { SquadError, cancelledError, isSquadError, type SquadErrorCode } from '../core/common/errors';
import { errno, identityOf, isInside, osReason, verifyTargets, type FileWrite, type Target, type TargetProblem } from './applyTargets';

export type { FileWrite } from './applyTargets';

export interface ApplyReport {
  /** Files created or modified, in plan order. */
  readonly written: readonly string[];
  readonly deleted: readonly string[];
  /** Hidden files the apply could not remove after succeeding (rare: the folder became read-only). */
  readonly leftovers: readonly string[];
}

export interface ApplyStep {
  /** `prepare`: temp file and backup of one target; `replace`: its rename. */
  readonly phase: 'prepare' | 'replace';
  readonly path: string;
}

export interface ApplyFilesOptions {
  readonly signal?: AbortSignal;
  /**
   * Called before each file's step. A throw fails the apply exactly like an OS error at that
   * file would (the tests inject faults with it: a full disk, a refused rename).
   */
  readonly onStep?: (step: ApplyStep) => void | Promise<void>;
}

/** One target's progress, so a failure knows exactly what to undo. */
interface Progress {
  readonly target: Target;
  /** The new bytes, not yet renamed into place. */
  temp?: string;
  /** The original entry, kept under a hidden name until the apply stands. */
  backup?: string;
  /** A deleted target, renamed aside. */
  parked?: string;
  replaced: boolean;
}

export async function applyFiles(root: string, writes: readonly FileWrite[], options: ApplyFilesOptions = {}): Promise<ApplyReport> {
  const { signal, onStep } = options;
  const checkAborted = (): void => {
    if (signal?.aborted) throw cancelledError(signal);
  };
  checkAborted();
  const realRoot = await fs.realpath(root).catch((err: unknown) => {
    throw new SquadError('changes/write_failed', `Squad wrote nothing: the workspace folder cannot be read: ${osReason(err)}.`, { cause: err });
  });
  const verified = await verifyTargets(realRoot, writes, checkAborted);
  if (!verified.ok) throw refusal(verified.problems);

  const progress: Progress[] = [];
  const createdDirs: string[] = [];
  let at: Target | undefined;
  try {
    for (const target of verified.targets) {
      checkAborted();
      at = target;
      await onStep?.({ phase: 'prepare', path: target.rel });
      const p: Progress = { target, replaced: false };
      progress.push(p);
      await prepare(p, realRoot, createdDirs);
    }
    checkAborted();
    for (const p of progress) {
      at = p.target;
      await onStep?.({ phase: 'replace', path: p.target.rel });
      await replace(p);
    }
  } catch (err) {
    const unrestored = await rollBack(progress, createdDirs);
    throw failure(err, at, unrestored);
  }

  const leftovers: string[] = [];
  for (const p of progress) {
    for (const hidden of [p.backup, p.parked]) {
      if (hidden) await fs.rm(hidden, { force: true }).catch(() => leftovers.push(path.relative(realRoot, hidden).split(path.sep).join('/')));
    }
  }
  const targets = verified.targets;
  return { written: targets.filter((t) => t.bytes !== undefined).map((t) => t.rel), deleted: targets.filter((t) => t.bytes === undefined).map((t) => t.rel), leftovers };
}

/** Phase 1 for one target: its folders, its new bytes beside it, a backup of what is there. */
async function prepare(p: Progress, realRoot: string, createdDirs: string[]): Promise<void> {
  const t = p.target;
  for (const dir of t.missingDirs) {
    try {
      await fs.mkdir(dir);
      createdDirs.push(dir);
    } catch (err) {
      // Made by an earlier target of this apply (recorded there), or by someone else: fine if a real folder.
      if (errno(err) !== 'EEXIST' || !(await fs.lstat(dir)).isDirectory()) throw err;
    }
  }
  // A folder swapped for a link since verification must not carry the write outside.
  if (!isInside(await fs.realpath(t.dir), realRoot)) throw new SquadError('path/outside_workspace', `Squad wrote nothing: the folder of ${t.rel} became a link leaving the workspace.`);
  if (t.bytes === undefined) return;
  p.temp = hiddenName(t.dir);
  await writeNew(p.temp, t.bytes, t.existing?.mode);
  if (t.existing) p.backup = await keepEntry(t);
}

/** Phase 2 for one target: one rename. */
async function replace(p: Progress): Promise<void> {
  const t = p.target;
  const now = await fs.lstat(t.abs).then(identityOf, (err: unknown) => {
    if (errno(err) === 'ENOENT') return undefined;
    throw err;
  });
  if (now !== t.existing?.identity) throw new SquadError('changes/conflict', `Squad wrote nothing: ${t.rel} changed on disk while the apply was writing.`);
  if (p.temp !== undefined) {
    await fs.rename(p.temp, t.abs);
    p.temp = undefined;
  } else {
    const parked = hiddenName(t.dir);
    await fs.rename(t.abs, parked);
    p.parked = parked;
  }
  p.replaced = true;
}

/** Undoes every step taken, newest first; returns what could not be put back. */
async function rollBack(progress: readonly Progress[], createdDirs: readonly string[]): Promise<string[]> {
  const unrestored: string[] = [];
  for (const p of [...progress].reverse()) {
    const t = p.target;
    try {
      if (p.replaced && p.parked !== undefined) {
        await fs.rename(p.parked, t.abs);
        p.parked = undefined;
      } else if (p.replaced && !t.existing) {
        await fs.rm(t.abs, { force: true });
      } else if (p.replaced && p.backup !== undefined) {
        // The original entry itself: same inode, links, mode and owner; its bytes if the backup went missing.
        try {
          await fs.rename(p.backup, t.abs);
          p.backup = undefined;
        } catch {
          await rewrite(t);
        }
      } else if (p.replaced) {
        await rewrite(t);
      }
    } catch (err) {
      unrestored.push(`${t.rel} (${osReason(err)})`);
    }
    for (const hidden of [p.temp, p.backup]) {
      if (hidden) await fs.rm(hidden, { force: true }).catch((err: unknown) => unrestored.push(`the temporary file ${path.basename(hidden)} beside ${t.rel} (${osReason(err)})`));
    }
  }
  for (const dir of [...createdDirs].reverse()) {
    await fs.rmdir(dir).catch((err: unknown) => {
      if (errno(err) !== 'ENOENT') unrestored.push(`the folder ${path.basename(dir)} it created (${osReason(err)})`);
    });
  }
  return unrestored;
}

/** Puts a replaced target back from what verification read, by temp + rename. */
async function rewrite(t: Target): Promise<void> {
  const existing = t.existing;
  if (!existing) return;
  const temp = hiddenName(t.dir);
  try {
    if (existing.kind === 'symlink' && existing.linkTarget !== undefined) await fs.symlink(existing.linkTarget, temp);
    else await writeNew(temp, existing.bytes, existing.mode);
    await fs.rename(temp, t.abs);
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** Keeps the entry under a hidden name without copying it; undefined where links are unsupported. */
async function keepEntry(t: Target): Promise<string | undefined> {
  const backup = hiddenName(t.dir);
  try {
    if (t.existing?.kind === 'symlink' && t.existing.linkTarget !== undefined) await fs.symlink(t.existing.linkTarget, backup);
    else await fs.link(t.abs, backup);
    return backup;
  } catch {
    // FAT, some network shares, an immutable file: a failure is restored from the bytes instead.
    return undefined;
  }
}

async function writeNew(file: string, bytes: Uint8Array, mode: number | undefined): Promise<void> {
  const handle = await fs.open(file, 'wx', mode ?? 0o666);
  try {
    await handle.writeFile(bytes);
    // open()'s mode passes through the umask; a kept mode must come out exactly.
    if (mode !== undefined) await handle.chmod(mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Short and fixed-length, so a target whose name is near the limit still gets a temp beside it. */
function hiddenName(dir: string): string {
  return path.join(dir, `.squad-${randomBytes(6).toString('hex')}.tmp`);
}

function refusal(problems: readonly TargetProblem[]): SquadError {
  const code: SquadErrorCode =
    problems.find((p) => p.code === 'path/outside_workspace')?.code ?? problems.find((p) => p.code === 'changes/conflict')?.code ?? 'changes/write_failed';
  const lines = problems.map((p) => `${p.path}: ${p.reason}`);
  const first = problems[0] as TargetProblem;
  const message = problems.length === 1 ? `Squad wrote nothing: ${first.path}: ${first.reason}.` : `Squad wrote nothing: ${problems.length} files cannot be written (${lines.join('; ')}).`;
  return new SquadError(code, message, { details: lines });
}

function failure(err: unknown, at: Target | undefined, unrestored: readonly string[]): SquadError {
  const tail = unrestored.length === 0 ? '' : ` Squad could not put back ${unrestored.join(', ')}: restore them from the apply's checkpoint.`;
  if (isSquadError(err)) {
    if (unrestored.length === 0) return err;
    return new SquadError(err.code, `${err.message}${tail}`, { cause: err, details: [...err.details, ...unrestored] });
  }
  const verb = at?.bytes === undefined ? 'delete' : 'write';
  const what = at ? `${verb} ${at.rel}` : 'write the files';
  const lead = unrestored.length === 0 ? `Squad wrote nothing: could not ${what}: ${osReason(err)}.` : `Squad could not ${what}: ${osReason(err)}.`;
  return new SquadError('changes/write_failed', `${lead}${tail}`, { cause: err, details: [...unrestored] });
}
