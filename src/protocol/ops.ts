import * as z from 'zod/mini';
import { Decision, Verdict, ViewActivity, ViewFile, ViewRun, ViewTask, ViewTests } from './viewModel';

/**
 * Changes to the view's model after the snapshot. Each names the smallest part that changed, so
 * the view touches only the DOM elements that show it: a streamed tool call is one `activity` op,
 * a click on a hunk one `decisions` op.
 */
export const ViewOp = z.discriminatedUnion('op', [
  z.object({ op: z.literal('run'), run: z.nullable(ViewRun) }),
  /** Task ids in plan order (the plan was edited). */
  z.object({ op: z.literal('order'), order: z.array(z.string()) }),
  /** A task's row: added or replaced. */
  z.object({ op: z.literal('task'), task: ViewTask }),
  z.object({ op: z.literal('taskRemoved'), taskId: z.string() }),
  /** Transcript lines from index `start` on; lines at and after `start` are replaced. */
  z.object({ op: z.literal('activity'), taskId: z.string(), start: z.int().check(z.nonnegative()), items: z.array(ViewActivity) }),
  /** A task's whole proposal (its files and their hunks) changed. */
  z.object({ op: z.literal('files'), taskId: z.string(), files: z.array(ViewFile) }),
  /** Decisions on one file's hunks changed; the hunks themselves did not. */
  z.object({
    op: z.literal('decisions'),
    taskId: z.string(),
    path: z.string(),
    verdict: Verdict,
    hunks: z.record(z.string(), Decision),
  }),
  z.object({ op: z.literal('tests'), tests: ViewTests }),
]);
export type ViewOp = z.infer<typeof ViewOp>;
