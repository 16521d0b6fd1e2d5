import picomatch from 'picomatch';
import { SquadError } from '../common/errors';
import type { Workspace } from '../ports';
import { secretRule } from './secrets';

/**
 * The path sandbox: every path an agent names passes through here before anything reads or
 * proposes to write it. Paths come from a model, so they are untrusted input.
 */

export interface SandboxPolicy {
  /** Let agents read and write secret-looking files (see secrets.ts). Off by default. */
  readonly allowSecrets?: boolean;
  /** Workspace-relative paths or globs of secret-looking files the user allowed anyway. */
  readonly allowedSecretPaths?: readonly string[];
  /** Most characters one read_file result holds, line numbers included (default 256 KB). */
  readonly maxReadBytes?: number;
}

export interface Sandbox {
  readonly maxReadBytes: number;
  /**
   * The canonical workspace-relative POSIX path of `path`, with symlinks inside the workspace
   * resolved (so two names of one file are one path to the change set). The file need not exist
   * (it may exist only in the run's overlay). Throws `path/outside_workspace` naming the rule
   * that refused it.
   */
  resolve(path: string): Promise<string>;
  /** `resolve` for a path about to be created, edited or deleted; also refuses the root itself. */
  resolveForWrite(path: string): Promise<string>;
  /** Whether a path taken from a listing may be shown (not under .git/, not secret unless allowed). */
  isVisible(relPath: string): boolean;
}

export const DEFAULT_MAX_READ_BYTES = 256 * 1024;

export function createSandbox(workspace: Workspace, policy: SandboxPolicy = {}): Sandbox {
  const allowed = (policy.allowedSecretPaths ?? []).map((glob) => picomatch(normalise(glob) ?? glob, { dot: true, nocase: true }));
  const secretRefusal = (rel: string): string | undefined => {
    if (policy.allowSecrets) return undefined;
    const rule = secretRule(rel);
    return rule !== undefined && !allowed.some((isAllowed) => isAllowed(rel)) ? rule : undefined;
  };
  const pathRefusal = (rel: string): string | undefined => lexicalRule(rel) ?? secretRefusal(rel);

  async function check(rel: string, shown: string): Promise<string> {
    const refuse = (reason: string): never => {
      throw new SquadError('path/outside_workspace', `Refused ${shown}: ${reason}.`);
    };
    const rule = pathRefusal(rel);
    if (rule !== undefined) refuse(rule);
    const real = await realTarget(workspace, rel);
    if (real === undefined) refuse('it resolves through a symlink to a location outside the workspace (or to a missing target)');
    const realRule = real === rel ? undefined : pathRefusal(real as string);
    if (realRule !== undefined) refuse(`it is a symlink to a refused file (${realRule})`);
    for (const p of real === rel ? [rel] : [rel, real as string]) {
      if (p !== '' && (await workspace.isIgnored(p))) refuse('it is ignored by .gitignore or .squadignore');
    }
    return real as string;
  }

  return {
    maxReadBytes: policy.maxReadBytes ?? DEFAULT_MAX_READ_BYTES,
    async resolve(path) {
      const { rel, shown } = lexical(path);
      return check(rel, shown);
    },
    async resolveForWrite(path) {
      const { rel, shown } = lexical(path);
      const real = await check(rel, shown);
      if (real === '') throw new SquadError('path/outside_workspace', `Refused ${shown}: it is the workspace root, not a file.`);
      return real;
    },
    isVisible: (relPath) => pathRefusal(relPath) === undefined,
  };
}

/** Splits on both separators (models on Windows send backslashes) and folds `.` and `..`. */
function normalise(path: string): string | undefined {
  const out: string[] = [];
  for (const part of path.split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.pop() === undefined) return undefined;
    } else out.push(part);
  }
  return out.join('/');
}

/** Checks that need only the text of the path; returns the normalised path or throws. */
function lexical(input: string): { rel: string; shown: string } {
  const path = input.trim();
  const shown = JSON.stringify(path.length > 200 ? `${path.slice(0, 200)}…` : path);
  const refuse = (reason: string): never => {
    throw new SquadError('path/outside_workspace', `Refused ${shown}: ${reason}.`);
  };
  if (path === '') refuse('the path is empty; give a path relative to the workspace root');
  if (path.includes('\0')) refuse('the path contains a NUL character');
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(path)) refuse('it is a URL; give a path relative to the workspace root');
  if (/^[\\/]{2}/.test(path)) refuse('it is a UNC or network path; give a path relative to the workspace root');
  if (/^[a-z]:/i.test(path)) refuse('it is an absolute Windows path; give a path relative to the workspace root');
  if (/^[\\/]/.test(path)) refuse('it is an absolute path; give a path relative to the workspace root');
  if (path === '~' || /^~[\\/]/.test(path)) refuse('"~" is not expanded; give a path relative to the workspace root');
  const rel = normalise(path);
  if (rel === undefined) refuse('".." leads outside the workspace');
  return { rel: rel as string, shown };
}

/** Text every path some lexical rule refuses contains: a path without any is accepted at once. */
const MAY_BE_REFUSED = /[:~]|[. ](\/|$)|(^|\/)(con|prn|aux|nul|com\d|lpt\d|conin\$|conout\$)(\.|\/|$)|(^|\/)\.git(\/|$)/i;

/**
 * Rules on the path's text that hold for any file system. Windows resolves `.git.`, `.git ` and
 * `GIT~1` to `.git`, `name:stream` to an alternate data stream and `NUL`/`CON` to devices, so those
 * spellings are refused rather than trusted to the real-path check.
 */
function lexicalRule(rel: string): string | undefined {
  if (rel === '' || !MAY_BE_REFUSED.test(rel)) return undefined;
  const parts = rel.split('/');
  if (parts.some((p) => p.includes(':'))) return '":" is not allowed in a path';
  if (parts.some((p) => /^[^.]{1,6}~\d/.test(p))) return 'short (8.3) file names are not allowed';
  if (parts.some((p) => /[. ]$/.test(p))) return 'a name may not end with "." or a space';
  // On Windows these open devices (the console, a serial port) wherever they appear.
  if (parts.some((p) => /^(con|prn|aux|nul|com\d|lpt\d|conin\$|conout\$)(\.|$)/i.test(p))) return 'Windows device names are not allowed';
  if (parts.some((p) => p.toLowerCase() === '.git')) return 'files under .git/ are off limits';
  return undefined;
}

/**
 * The real path of `rel`, or of its nearest existing ancestor followed by the rest of `rel` when it
 * does not exist yet; undefined when a symlink on the way leaves the workspace or dangles.
 */
async function realTarget(workspace: Workspace, rel: string): Promise<string | undefined> {
  const parts = rel === '' ? [] : rel.split('/');
  for (let depth = parts.length; depth >= 0; depth--) {
    const prefix = parts.slice(0, depth).join('/');
    if (depth > 0 && (await workspace.stat(prefix)) === undefined) continue;
    const real = await workspace.realPath(prefix);
    if (real === undefined) return undefined;
    return [real, ...parts.slice(depth)].filter((p) => p !== '').join('/');
  }
  return undefined;
}
