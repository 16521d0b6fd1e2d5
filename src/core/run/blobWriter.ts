/**
 * Stores texts in the run's journal once each (`blob.stored`), as line splices of a related text
 * already stored when that is smaller: a file's next version is usually a few lines away from the
 * one before, so a run journals each file about once plus its edits.
 */
import { sha256Hex } from '../common/sha256';
import { applySplices, splicesBetween } from './blobs';
import type { Splice } from './replayEvents';
import type { RunSession } from './session';

/** Splices are used only when they are clearly smaller than the text itself. */
const SPLICE_GAIN = 0.8;

/** Blobs being written, per session: two tasks storing the same text at once store it once. */
const inFlight = new WeakMap<RunSession, Map<string, Promise<void>>>();

export interface TextToStore {
  readonly text: string;
  /** Texts it probably derives from (the version before, the base): candidates for splices. */
  readonly near?: readonly (string | undefined | null)[];
}

/** Stores every text not stored yet; resolves to each text's hash. */
export async function storeTexts(session: RunSession, items: readonly TextToStore[]): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const item of items) {
    const hash = hashes.get(item.text) ?? (await sha256Hex(item.text));
    hashes.set(item.text, hash);
    await storeOne(session, hash, item);
  }
  return hashes;
}

async function storeOne(session: RunSession, hash: string, item: TextToStore): Promise<void> {
  if (Object.hasOwn(session.state.blobs, hash)) return;
  const writing = inFlight.get(session) ?? new Map<string, Promise<void>>();
  inFlight.set(session, writing);
  const already = writing.get(hash);
  if (already) return already;
  const done = (async () => {
    const splices = await smallestSplices(session, item);
    await session.emit({ type: 'blob.stored', hash, ...(splices ? { from: splices.from, splices: splices.splices } : { text: item.text }) });
  })();
  writing.set(hash, done);
  try {
    await done;
  } finally {
    writing.delete(hash);
  }
}

async function smallestSplices(session: RunSession, item: TextToStore): Promise<{ from: string; splices: Splice[] } | undefined> {
  let best: { from: string; splices: Splice[]; size: number } | undefined;
  for (const near of new Set(item.near ?? [])) {
    if (near === undefined || near === null || near === item.text) continue;
    const from = await sha256Hex(near);
    if (!Object.hasOwn(session.state.blobs, from)) continue;
    const splices = splicesBetween(near, item.text);
    const size = JSON.stringify(splices).length;
    // A splice list that does not rebuild the text exactly is never written.
    if ((best === undefined || size < best.size) && applySplices(near, splices) === item.text) best = { from, splices, size };
  }
  return best && best.size < JSON.stringify(item.text).length * SPLICE_GAIN ? { from: best.from, splices: best.splices } : undefined;
}
