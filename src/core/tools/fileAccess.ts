import picomatch from 'picomatch';
import type { FileListing } from '../ports';
import type { ToolContext } from './context';
import type { Sandbox } from './sandbox';
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
  /** False when the workspace listing stopped at its cap: files past it were not considered. */
  readonly complete: boolean;
  /** The folder the glob is confined to ('' for the whole workspace): the listing's scope. */
  readonly folder: string;
}

/** Most files one listing or search considers when the workspace cannot say where its index stops. */
export const LISTING_LIMIT = 200_000;

/** Visible paths per workspace listing (the index's array, shared by the calls of a run) and sandbox. */
const visibleCache = new WeakMap<readonly string[], WeakMap<Sandbox, readonly string[]>>();

/**
 * Files an agent may see: the workspace's non-ignored files that the sandbox shows, plus files
 * the run created, minus files it deleted, filtered by an optional glob. The workspace is asked
 * only for the glob's folder, so a workspace past its index's cap still lists that folder in full.
 */
export async function visibleFiles(ctx: ToolContext, glob?: string): Promise<VisibleFiles> {
  const folder = globFolder(glob);
  const listing = await listWorkspace(ctx, folder);
  const matches = globMatcher(glob);
  let paths = visibleOf(listing.paths, ctx.sandbox);
  const changes = ctx.view.changedPaths();
  if (changes.length > 0) {
    const files = new Set(paths);
    for (const change of changes) {
      if (change.kind === 'deleted') files.delete(change.path);
      else if (ctx.sandbox.isVisible(change.path)) files.add(change.path);
    }
    paths = [...files].sort();
  }
  return { paths: paths.filter((p) => matches(p)), complete: listing.complete, folder };
}

async function listWorkspace(ctx: ToolContext, folder: string): Promise<FileListing> {
  const under = folder === '' ? {} : { under: folder };
  if (ctx.workspace.files) return ctx.workspace.files({ signal: ctx.signal, ...under });
  const listed = await ctx.workspace.listFiles({ signal: ctx.signal, limit: LISTING_LIMIT + 1, ...under });
  return listed.length > LISTING_LIMIT ? { paths: listed.slice(0, LISTING_LIMIT), complete: false } : { paths: listed, complete: true };
}

function visibleOf(listed: readonly string[], sandbox: Sandbox): readonly string[] {
  let bySandbox = visibleCache.get(listed);
  if (!bySandbox) visibleCache.set(listed, (bySandbox = new WeakMap()));
  let visible = bySandbox.get(sandbox);
  if (!visible) bySandbox.set(sandbox, (visible = listed.filter((p) => sandbox.isVisible(p))));
  return visible;
}

/**
 * The folder a glob confines its matches to ('' when it may match anywhere): the part before the
 * first wildcard, or the plain path itself (`src/`, `src/a.ts`). A pattern without a slash matches
 * at any depth (see globMatcher), so it is confined to nothing.
 */
export function globFolder(glob: string | undefined): string {
  const pattern = glob?.trim().replace(/^\.\//, '').replace(/\\/g, '/');
  if (pattern === undefined || !pattern.includes('/')) return '';
  const scan = picomatch.scan(pattern);
  const parts = (scan.isGlob ? scan.base : pattern).split('/').filter((p) => p !== '' && p !== '.');
  // No listing is asked outside the root; the glob itself then matches nothing listed.
  return parts.includes('..') ? '' : parts.join('/');
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

/** What a listing that stopped at the workspace's cap left out, and how to see the rest. */
export function incompleteNote(folder: string, verb: 'listed' | 'searched'): string {
  const where = folder === '' ? 'the workspace has' : `"${folder}" has`;
  return `[${where} more files than one call covers: only part of it was ${verb}, the rest was left out; use a glob confined to one folder (like "packages/api/**") to cover that folder in full]`;
}
