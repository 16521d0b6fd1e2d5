// zod/mini: the same schemas at a tenth of the size in the webview's bundle (it tree-shakes).
import * as z from 'zod/mini';

/**
 * What the sidebar shows, as plain data: the extension projects the run's state into this shape
 * (src/vscode/view/project.ts) and the webview keeps it as its model. It carries only what the view
 * draws; everything is derived from the run's journal by the extension.
 */

export const TaskStatus = z.enum(['pending', 'running', 'proposed', 'fixing', 'failed', 'blocked', 'cancelled']);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const RunStatus = z.enum(['idle', 'planning', 'planned', 'running', 'completed', 'incomplete', 'cancelled', 'failed']);
export type RunStatus = z.infer<typeof RunStatus>;

export const Decision = z.enum(['accepted', 'rejected', 'undecided']);
export type Decision = z.infer<typeof Decision>;

/** A file's or task's decisions taken together; 'none' for a task with nothing to review. */
export const Verdict = z.enum(['accepted', 'rejected', 'undecided', 'mixed', 'none']);
export type Verdict = z.infer<typeof Verdict>;

export const ViewUsage = z.object({
  input: z.number(),
  output: z.number(),
  cacheRead: z.number(),
  cacheWrite: z.number(),
  calls: z.number(),
  /** null: at least one call had an unknown price. */
  cost: z.nullable(z.number()),
  /** The sum of the costs that were known. */
  knownCost: z.number(),
});
export type ViewUsage = z.infer<typeof ViewUsage>;

export const ViewRevision = z.object({
  round: z.number(),
  outcome: z.enum(['proposed', 'revised', 'failed']),
  summary: z.optional(z.string()),
});

export const ViewTask = z.object({
  id: z.string(),
  role: z.string(),
  title: z.string(),
  description: z.string(),
  dependsOn: z.array(z.string()),
  status: TaskStatus,
  /** The fix round under way while status is 'fixing'. */
  fixRound: z.optional(z.number()),
  model: z.optional(z.string()),
  usage: ViewUsage,
  startedAt: z.optional(z.number()),
  finishedAt: z.optional(z.number()),
  summary: z.optional(z.string()),
  reason: z.optional(z.string()),
  blockedBy: z.optional(z.array(z.string())),
  verdict: Verdict,
  /** Some of its hunks were written to disk by an apply that was not rolled back. */
  applied: z.boolean(),
  added: z.number(),
  removed: z.number(),
  history: z.array(ViewRevision),
});
export type ViewTask = z.infer<typeof ViewTask>;

/** One line of a task's transcript: a tool call of its agent. */
export const ViewActivity = z.object({
  round: z.number(),
  tool: z.string(),
  summary: z.string(),
  isError: z.boolean(),
});
export type ViewActivity = z.infer<typeof ViewActivity>;

export const ViewHunk = z.object({
  id: z.string(),
  oldStart: z.number(),
  oldLines: z.number(),
  newStart: z.number(),
  newLines: z.number(),
  /** Prefixed '+', '-', ' ' or '\' (no newline at end of file), as in a unified diff. */
  lines: z.array(z.string()),
  decision: Decision,
});
export type ViewHunk = z.infer<typeof ViewHunk>;

export const ViewFile = z.object({
  path: z.string(),
  kind: z.enum(['created', 'modified', 'deleted']),
  added: z.number(),
  removed: z.number(),
  verdict: Verdict,
  hunks: z.array(ViewHunk),
});
export type ViewFile = z.infer<typeof ViewFile>;

export const ViewFailure = z.object({
  test: z.string(),
  testFile: z.optional(z.string()),
  message: z.string(),
  file: z.optional(z.string()),
  line: z.optional(z.number()),
  taskId: z.optional(z.string()),
  kind: z.enum(['routed', 'pre-existing', 'unknown', 'flaky']),
  reason: z.string(),
});
export type ViewFailure = z.infer<typeof ViewFailure>;

/** Failures of one round sent to one task, and how its fix round went. */
export const ViewRouted = z.object({
  taskId: z.string(),
  tests: z.array(z.string()),
  fixRound: z.number(),
  outcome: z.enum(['waiting', 'fixing', 'revised', 'failed']),
});
export type ViewRouted = z.infer<typeof ViewRouted>;

export const ViewTestRound = z.object({
  round: z.number(),
  status: z.enum(['running', 'finished']),
  exitCode: z.optional(z.nullable(z.number())),
  timedOut: z.optional(z.boolean()),
  passed: z.number(),
  failed: z.number(),
  skipped: z.number(),
  durationMs: z.optional(z.number()),
  failures: z.array(ViewFailure),
  /** The end of the raw output when no failure was parsed from a failing run. */
  rawTail: z.optional(z.string()),
  routed: z.array(ViewRouted),
});
export type ViewTestRound = z.infer<typeof ViewTestRound>;

export const ViewTests = z.object({
  command: z.optional(z.string()),
  maxFixRounds: z.number(),
  rounds: z.array(ViewTestRound),
  settled: z.optional(z.object({ outcome: z.string(), rounds: z.number(), summary: z.string() })),
});
export type ViewTests = z.infer<typeof ViewTests>;

export const ViewApply = z.object({ checkpointId: z.string(), at: z.number(), files: z.number(), rolledBack: z.boolean() });

export const ViewRun = z.object({
  runId: z.string(),
  request: z.string(),
  status: RunStatus,
  /** The plan waits at the gate for the user's edits and Run. */
  awaitingApproval: z.boolean(),
  /** Planning, agents or tests are working now. */
  busy: z.boolean(),
  roles: z.array(z.string()),
  planSummary: z.optional(z.string()),
  planAttempts: z.number(),
  problems: z.array(z.string()),
  error: z.optional(z.object({ code: z.string(), message: z.string(), details: z.array(z.string()) })),
  startedAt: z.optional(z.number()),
  finishedAt: z.optional(z.number()),
  usage: ViewUsage,
  review: z.object({
    hunks: z.number(),
    accepted: z.number(),
    rejected: z.number(),
    undecided: z.number(),
    /** Accepted hunks that no standing apply has written yet: what the Apply button would write. */
    toApply: z.number(),
    applies: z.array(ViewApply),
  }),
});
export type ViewRun = z.infer<typeof ViewRun>;

/** The whole view at once: sent on `ready` and when the active run changes. */
export const ViewModel = z.object({
  run: z.nullable(ViewRun),
  /** Task ids in plan order. */
  order: z.array(z.string()),
  tasks: z.array(ViewTask),
  activity: z.record(z.string(), z.array(ViewActivity)),
  files: z.record(z.string(), z.array(ViewFile)),
  tests: ViewTests,
});
export type ViewModel = z.infer<typeof ViewModel>;

export const EMPTY_TESTS: ViewTests = { maxFixRounds: 0, rounds: [] };
