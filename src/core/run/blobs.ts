/**
 * The texts of a run's proposals, stored once each (see replayEvents.ts): resolving a stored blob
 * (whole, or line splices of an earlier one), computing the splices between two texts, and
 * reading a `proposal.updated` back into texts. Pure: the reducer uses it.
 */
import { diffArrays } from 'diff';
import { SquadError } from '../common/errors';
import type { RunEventOf } from './events';
import type { Splice } from './replayEvents';

export type BlobTexts = Readonly<Record<string, string>>;

export interface ProposalText {
  readonly path: string;
  readonly base: string | null;
  readonly content: string | null;
}

/** Lines with their terminators, so joining them gives the text back exactly. */
function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The splices that turn `from` into `to`, line by line. */
export function splicesBetween(from: string, to: string): Splice[] {
  const out: Splice[] = [];
  let at = 0;
  let pending: Splice | undefined;
  for (const part of diffArrays(lines(from), lines(to))) {
    if (!part.added && !part.removed) {
      if (pending) out.push(pending);
      pending = undefined;
      at += part.value.length;
      continue;
    }
    pending ??= [at, 0, ''];
    if (part.removed) {
      pending = [pending[0], pending[1] + part.value.length, pending[2]];
      at += part.value.length;
    } else {
      pending = [pending[0], pending[1], pending[2] + part.value.join('')];
    }
  }
  if (pending) out.push(pending);
  return out;
}

/** `from` with the splices applied; undefined when they do not fit it (a corrupt journal). */
export function applySplices(from: string, splices: readonly Splice[]): string | undefined {
  const source = lines(from);
  let out = '';
  let cursor = 0;
  for (const [at, remove, insert] of splices) {
    if (at < cursor || at + remove > source.length) return undefined;
    out += source.slice(cursor, at).join('') + insert;
    cursor = at + remove;
  }
  return out + source.slice(cursor).join('');
}

/** The text a `blob.stored` event stands for, given the blobs stored before it. */
export function blobText(blobs: BlobTexts, event: RunEventOf<'blob.stored'>): string {
  if (event.text !== undefined) return event.text;
  const from = event.from === undefined ? undefined : blobs[event.from];
  const text = from === undefined || event.splices === undefined ? undefined : applySplices(from, event.splices);
  if (text === undefined) throw corrupt(`blob ${event.hash.slice(0, 12)} is neither a text nor splices of a stored one`);
  return text;
}

/** The proposal an event carries, as texts: hashes resolved through the stored blobs. */
export function proposalTexts(blobs: BlobTexts, event: RunEventOf<'proposal.updated'>): ProposalText[] {
  if (event.texts === undefined) return (event.changes ?? []).map((c) => ({ path: c.path, base: c.base, content: c.content }));
  const text = (hash: string | null): string | null => {
    if (hash === null) return null;
    const found = blobs[hash];
    if (found === undefined) throw corrupt(`proposal.updated names a text that was never stored (${hash.slice(0, 12)})`);
    return found;
  };
  return event.texts.map((t) => ({ path: t.path, base: text(t.base), content: text(t.content) }));
}

function corrupt(why: string): SquadError {
  return new SquadError('journal/corrupt', `The run journal is corrupt: ${why}.`);
}
