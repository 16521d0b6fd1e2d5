/**
 * Events of the execution part of a run: the plan gate, each task's life, each model turn and
 * tool call of its agent, and its proposal. Recorded model turns are what make resume free:
 * a task that was interrupted replays its turns instead of paying for them again.
 */
import { z } from 'zod';
import { defineEvent, UsageSchema } from './eventSchema';
import { BlobHash } from './replayEvents';

const ToolCallRecord = z.object({
  id: z.string(),
  name: z.string(),
  rawArguments: z.string(),
});

export const ModelReplyRecord = z.object({
  text: z.string(),
  toolCalls: z.array(ToolCallRecord),
  usage: UsageSchema,
  model: z.string(),
  stopReason: z.enum(['end', 'tool_calls', 'max_tokens', 'other']),
});
export type ModelReplyRecord = z.infer<typeof ModelReplyRecord>;

const FileSummary = z.object({
  path: z.string(),
  kind: z.enum(['created', 'modified', 'deleted']),
  added: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
});
export type FileSummary = z.infer<typeof FileSummary>;

/** The user (or the autonomy setting) let the plan run. */
const PlanApproved = defineEvent('plan.approved', { by: z.enum(['user', 'auto']) });

const TaskStarted = defineEvent('task.started', { taskId: z.string(), role: z.string(), model: z.string() });

/** One finished model call of a task's agent, recorded before its tool calls run. */
const ModelTurn = defineEvent('model.turn', {
  taskId: z.string(),
  /** 0 for the task's first proposal, k for its k-th fix round. */
  round: z.number().int().nonnegative().default(0),
  turn: z.number().int().nonnegative(),
  reply: ModelReplyRecord,
});

/**
 * What the model was told a tool returned: the text itself, or, for a long result a tool can
 * produce again from the files (a read, a listing, a search), its SHA-256 and length. `fence`: the
 * untrusted-data delimiter id of the process that ran it, when the text holds such blocks.
 */
export const ToolResultRecord = z.union([
  z.object({ content: z.string(), fence: z.string().optional() }),
  z.object({ sha256: BlobHash, length: z.number().int().nonnegative() }),
]);
export type ToolResultRecord = z.infer<typeof ToolResultRecord>;

/** A tool call and a one-line account of it, for the log and the sidebar; `result` for replay (absent in older journals). */
const ToolCalled = defineEvent('tool.called', {
  taskId: z.string(),
  round: z.number().int().nonnegative().default(0),
  turn: z.number().int().nonnegative(),
  callId: z.string(),
  tool: z.string(),
  summary: z.string(),
  isError: z.boolean(),
  result: ToolResultRecord.optional(),
});

const InlineChange = z.object({ path: z.string(), base: z.string().nullable(), content: z.string().nullable() });

/**
 * The task's whole proposal so far: one entry per file, with the text it built on and its version,
 * named by the hash of a `blob.stored` (`texts`). Journals written before blobs carry the texts
 * inline (`changes`); both still read. `turn`: the agent turn whose tools made it (absent after a
 * rebase, and in older journals).
 */
const ProposalUpdated = defineEvent('proposal.updated', {
  taskId: z.string(),
  round: z.number().int().nonnegative().default(0),
  turn: z.number().int().nonnegative().optional(),
  files: z.array(FileSummary),
  texts: z.array(z.object({ path: z.string(), base: BlobHash.nullable(), content: BlobHash.nullable() })).optional(),
  changes: z.array(InlineChange).optional(),
});

const TaskFinished = defineEvent('task.finished', {
  taskId: z.string(),
  outcome: z.enum(['proposed', 'failed', 'cancelled']),
  summary: z.string().optional(),
  /** Why it failed or was cancelled, in words for the user. */
  reason: z.string().optional(),
  code: z.string().optional(),
});

/** A dependency failed, so this task will not run. */
const TaskBlocked = defineEvent('task.blocked', {
  taskId: z.string(),
  blockedBy: z.array(z.string()),
  reason: z.string(),
});

/**
 * A resumed run gives a task that failed, was blocked or was cancelled another attempt. `fresh`:
 * its recorded turns are dropped (a failed attempt replayed would fail the same way); a cancelled
 * task keeps them, so the turns it already paid for are replayed, not bought again. `keepTurns`:
 * only the turns after the first `keepTurns` are dropped (the failure came after them: a model
 * call that failed, or a streak of failed calls).
 */
const TaskRetried = defineEvent('task.retried', {
  taskId: z.string(),
  attempt: z.number().int().positive(),
  fresh: z.boolean(),
  keepTurns: z.number().int().nonnegative().optional(),
});

export const TASK_EVENT_SCHEMAS = [PlanApproved, TaskStarted, ModelTurn, ToolCalled, ProposalUpdated, TaskFinished, TaskBlocked, TaskRetried] as const;
