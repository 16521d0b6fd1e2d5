/**
 * Events that keep the journal compact and its replay exact. A text a proposal refers to is
 * stored once, by its SHA-256 (`blob.stored`), whole or as line splices of a text stored before;
 * `proposal.updated` then names texts by hash. `replay.diverged` says a resumed task's replayed
 * tools no longer give what the model saw: the workspace changed under the run.
 */
import { z } from 'zod';
import { defineEvent } from './eventSchema';

export const BlobHash = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex');

/** Replace `remove` lines at line `at` of the source (0-based, ascending, non-overlapping) by `insert`. */
export const Splice = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative(), z.string()]);
export type Splice = z.infer<typeof Splice>;

/** One distinct text: either whole (`text`) or as splices of the text stored as `from`. */
const BlobStored = defineEvent('blob.stored', {
  hash: BlobHash,
  text: z.string().optional(),
  from: BlobHash.optional(),
  splices: z.array(Splice).optional(),
});

/**
 * On resume, a replayed turn's tool gave another result than the one journaled (or the task's
 * proposal came out different): the files changed since. The turns recorded after `turn` are
 * dropped and asked again; `turn`'s own tool results are the ones of now.
 */
const ReplayDiverged = defineEvent('replay.diverged', {
  taskId: z.string(),
  round: z.number().int().nonnegative(),
  turn: z.number().int().nonnegative(),
  /** What differed, for the user: "read_file src/a.js", "the proposal of src/a.js". */
  what: z.string(),
  /** Recorded turns dropped (paid again when asked). */
  dropped: z.number().int().nonnegative(),
});

export const REPLAY_EVENT_SCHEMAS = [BlobStored, ReplayDiverged] as const;
