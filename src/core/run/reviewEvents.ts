/**
 * Events of the review: the user's decisions on the proposals (by run, task, file or hunk), the
 * apply that writes the accepted hunks, and a roll-back to the checkpoint taken before it.
 */
import { z } from 'zod';
import { defineEvent } from './eventSchema';

export const ReviewScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('run') }),
  z.object({ kind: z.literal('task'), taskId: z.string() }),
  z.object({ kind: z.literal('file'), taskId: z.string(), path: z.string() }),
  z.object({ kind: z.literal('hunk'), taskId: z.string(), path: z.string(), hunkId: z.string() }),
]);
export type ReviewScope = z.infer<typeof ReviewScope>;

export const ReviewDecision = z.enum(['accepted', 'rejected', 'undecided']);
export type ReviewDecision = z.infer<typeof ReviewDecision>;

/** A decision; the latest one covering a hunk wins ('undecided' restores a rejected part). */
const ReviewDecided = defineEvent('review.decided', { scope: ReviewScope, decision: ReviewDecision });

const AppliedFile = z.object({ path: z.string(), action: z.enum(['created', 'modified', 'deleted']), merged: z.boolean() });

/** The accepted hunks were written as one edit, after a checkpoint of every file it touched. */
const ChangesApplied = defineEvent('changes.applied', {
  checkpointId: z.string(),
  /** The git ref holding the pre-images too, when the workspace is a repository. */
  gitRef: z.string().optional(),
  files: z.array(AppliedFile),
  hunks: z.array(z.object({ taskId: z.string(), path: z.string(), hunkId: z.string() })),
});

const ChangesRolledBack = defineEvent('changes.rolledBack', { checkpointId: z.string(), files: z.array(z.string()) });

/** An apply that was asked for (--apply, apply-when-tests-pass, Apply) wrote nothing, and why. */
const ChangesNotApplied = defineEvent('changes.notApplied', {
  reason: z.string(),
  /** refused: files changed under the run; incomplete: the run or its tests did not succeed; failed: a write failed (everything restored). */
  kind: z.enum(['refused', 'incomplete', 'failed', 'nothing']),
  problems: z.array(z.string()).optional(),
});

export const REVIEW_EVENT_SCHEMAS = [ReviewDecided, ChangesApplied, ChangesRolledBack, ChangesNotApplied] as const;
