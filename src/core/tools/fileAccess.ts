import picomatch from 'picomatch';
import type { ToolContext } from './context';
import { decodeText } from './text';

/**
 * How the read-side tools see files: the workspace listing and bytes for untouched paths, the
 * file view for paths the run has changed (created, modified or deleted).
 */

export type LoadedText =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'directory' }
  | { readonly kind: 'binary' }
  | { readonly kind: 'not_regular' }
  | { readonly kind: 'too_large'; readonly size: number };

/** Largest file the tools will load at all, whatever range is asked for. */
export const MAX_LOAD_BYTES = 16 * 1024 * 1024;

/** Text of a path the sandbox already resolved. */
export async function loadText(ctx: Pick<ToolContext, 'view' | 'workspace'>, rel: string, maxBytes = MAX_LOAD_BYTES): Promise<LoadedText> {
  const changed = ctx.view.changedPaths().find((c) => c.path === rel);
  if (changed !== undefined && changed.kind !== 'deleted') {
    const text = await ctx.view.read(rel);
    return text === undefined ? { kind: 'missing' } : { kind: 'text', text };
  }
  const createdBelow = ctx.view.changedPaths().some((c) => c.kind === 'created' && c.path.startsWith(rel === '' ? '' : `${rel}/`));
  if (changed !== undefined) return createdBelow ? { kind: 'directory' } : { kind: 'missing' };
  const stat = await ctx.workspace.stat(rel);
  if (stat === undefined) return createdBelow ? { kind: 'directory' } : { kind: 'missing' };
  if (stat.type === 'directory') return { kind: 'directory' };
  // FIFOs and devices would block or never end; the sandbox already resolved symlinks.
  if (stat.type !== 'file') return { kind: 'not_regular' };
  if (stat.size > maxBytes) return { kind: 'too_large', size: stat.size };
  const decoded = decodeText(await ctx.workspace.readFile(rel));
  return decoded.binary ? { kind: 'binary' } : { kind: 'text', text: decoded.text };
}

export interface VisibleFiles {
  /** Sorted paths matching the glob. */
  readonly paths: readonly string[];
  /** True when the workspace listing stopped at its limit. */
  readonly listingCapped: boolean;
}

/** Workspace listing is cut here so one call on a huge repository stays bounded. */
const LISTING_LIMIT = 50_000;

/**
 * Files an agent may see: the workspace's non-ignored files that the sandbox shows, plus files
 * the run created, minus files it deleted, filtered by an optional glob.
 */
export async function visibleFiles(ctx: ToolContext, glob?: string): Promise<VisibleFiles> {
  const listed = await ctx.workspace.listFiles({ signal: ctx.signal, limit: LISTING_LIMIT });
  const matches = globMatcher(glob);
  const files = new Set(listed.filter((p) => ctx.sandbox.isVisible(p)));
  for (const change of ctx.view.changedPaths()) {
    if (change.kind === 'deleted') files.delete(change.path);
    else if (ctx.sandbox.isVisible(change.path)) files.add(change.path);
  }
  const paths = [...files].filter((p) => matches(p)).sort();
  return { paths, listingCapped: listed.length >= LISTING_LIMIT };
}

/**
 * A workspace symlink shows up in the listing like a file; one that leads outside the
 * workspace (or dangles) is left out, since reading it would be refused anyway.
 */
export async function isReachable(ctx: ToolContext, rel: string): Promise<boolean> {
  const stat = await ctx.workspace.stat(rel);
  if (stat?.type !== 'symlink') return true;
  return (await ctx.workspace.realPath(rel)) !== undefined;
}

/**
 * picomatch with the conveniences models expect: `*.ts` matches at any depth, and a plain
 * folder name (`src`, `src/`) means everything under it.
 */
export function globMatcher(glob: string | undefined): (path: string) => boolean {
  const pattern = glob?.trim().replace(/^\.\//, '').replace(/\\/g, '/');
  if (pattern === undefined || pattern === '' || pattern === '.' || pattern === '**') return () => true;
  // Done here rather than with picomatch's `basename` option, which also loosens patterns with slashes.
  const isMatch = picomatch(pattern.includes('/') ? pattern : `**/${pattern}`, { dot: true });
  // Wrapped: picomatch's matcher returns an object when given a second argument (as filter does).
  if (picomatch.scan(pattern).isGlob) return (path) => isMatch(path);
  const folder = `${pattern.replace(/\/+$/, '')}/`;
  return (path) => isMatch(path) || path.startsWith(folder);
}
