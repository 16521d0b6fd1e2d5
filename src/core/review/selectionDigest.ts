/**
 * A name for an accepted selection's content: the files it writes, path and text (or deleted).
 * Two selections with one digest write the same files, so a test result journaled with a digest
 * speaks for that selection only. Synchronous, so the sidebar can compare on every decision;
 * two independently seeded 48-bit hashes (changes/hunks.ts shortHash) are ample for telling
 * one selection of a run from another — it is an identity, not a security boundary.
 */
import { shortHash } from '../changes/hunks';
import type { Selection } from './selection';

export function selectionDigest(selection: Pick<Selection, 'files'>): string {
  const canonical = JSON.stringify(selection.files.map((f) => [f.path, f.content ?? null]));
  return `${shortHash(canonical)}${shortHash(`\u0001${canonical}`)}`;
}
