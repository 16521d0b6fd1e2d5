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
  /** Why the round ran: the test loop's failures, the user's comment, or a dependency that was revised. */
  cause: z.optional(z.enum(['tests', 'comment', 'dependency'])),
  /** The user's comment (cause 'comment'), or the dependency's id (cause 'dependency'). */
  comment: z.optional(z.string()),
  dependency: z.optional(z.string()),
});
export type ViewRevision = z.infer<typeof ViewRevision>;

/** One of the project's instruction files a task's prompts received (core: the instructions.used event). */
export const ViewInstruction = z.object({
  path: z.string(),
  /** whole, truncated (cut to the budget), omitted (over the budget or too large), listed (named for the agent to read). */
  status: z.enum(['whole', 'truncated', 'omitted', 'listed']),
  why: z.string(),
});
export type ViewInstruction = z.infer<typeof ViewInstruction>;

export const ViewTask = z.object({
  id: z.string(),
  role: z.string(),
  title: z.string(),
  description: z.string(),
  dependsOn: z.array(z.string()),
  status: TaskStatus,
  /** The fix round under way while status is 'fixing'. */
  fixRound: z.optional(z.number()),
  /** Running or fixing in the journal, but nobody works on it now (the window closed mid-run): no spinner, no ticking clock. */
  interrupted: z.optional(z.boolean()),
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
  /** While fixing: the round under way is a revision the user asked for, or a check of a revised dependency (not a test-loop fix). */
  revising: z.optional(z.object({ cause: z.enum(['comment', 'dependency']), dependency: z.optional(z.string()) })),
  /** Tasks it builds on that were revised after it proposed ("t1 was revised after this was proposed"). */
  revisedDependencies: z.optional(z.array(z.string())),
  /** Tests a fix of this task loosened (asserts less than before): its pass needs the user's look. */
  weakened: z.optional(z.array(z.string())),
  /** The project's instruction files its prompts received, over every round (the latest status of each). */
  instructions: z.optional(z.array(ViewInstruction)),
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
  /** The next most likely owner, when the evidence named another task too. */
  runnerUp: z.optional(z.object({ taskId: z.string(), file: z.optional(z.string()), reason: z.string() })),
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
  /** 'interrupted': running in the journal, but nobody works on the run now (the window closed mid-round). */
  status: z.enum(['running', 'finished', 'interrupted']),
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

/** How the test loop can end (core: the `tests.settled` event's outcome). */
export const TestOutcome = z.enum(['passed', 'failing', 'pre-existing', 'no-tests', 'error', 'cancelled', 'weakened', 'cannot-run', 'needs-approval']);
export type TestOutcome = z.infer<typeof TestOutcome>;

/** The user's answers to the test command question (core: src/core/testing/authority.ts). */
export const TestAnswer = z.enum(['workspace', 'run', 'deny']);
export type TestAnswer = z.infer<typeof TestAnswer>;

/** One hunk of a diff shown read-only (no decision): the gate's changed definition files. */
export const ViewDiffHunk = z.object({
  oldStart: z.number(),
  oldLines: z.number(),
  newStart: z.number(),
  newLines: z.number(),
  lines: z.array(z.string()),
});
export type ViewDiffHunk = z.infer<typeof ViewDiffHunk>;

/**
 * The test command waits for the user's word before it runs: what runs, where, and — when a
 * proposal changed a file that defines what runs — those changes, which are why it asks again.
 */
export const ViewTestGate = z.object({
  /** Names this question: an answer carries it back, so it never settles a later one the user did not see. */
  id: z.string(),
  /** The command as the project states it: what the user allows. */
  command: z.string(),
  /** The exact line that runs (the reporter options Squad adds), when the view knows it and it differs. */
  runs: z.optional(z.string()),
  /** Why this command (detected from the project, or the user's setting). */
  reason: z.string(),
  /** 'none': no OS sandbox here; the command would run with the user's rights (for this run only). */
  sandbox: z.object({ kind: z.enum(['bwrap', 'none']), description: z.string() }),
  /** The files whose content the approval covers (package.json scripts, runner configs). */
  files: z.array(z.string()),
  /** What changed in those files since the last approval; empty the first time. */
  changes: z.array(z.object({
    path: z.string(),
    kind: z.enum(['added', 'removed', 'changed']),
    hunks: z.array(ViewDiffHunk),
    /** Lines left out of a very long diff. */
    omitted: z.number(),
  })),
});
export type ViewTestGate = z.infer<typeof ViewTestGate>;

/** The same command on the workspace without any proposal: what already failed is not the squad's. */
export const ViewBaseline = z.object({
  passed: z.number(),
  failed: z.number(),
  /** An earlier run of the same command on the same files answered. */
  cached: z.boolean(),
  /** Names of tests failing before the squad's changes (the first few; `failed` counts them all). */
  failing: z.array(z.string()),
  /** The command cannot run at all in this workspace: why, and what to try. */
  cannotRun: z.optional(z.object({ reason: z.string(), hint: z.string() })),
});
export type ViewBaseline = z.infer<typeof ViewBaseline>;

/** A fix that made a failing test assert less: the pass does not count without the user's look. */
export const ViewWeakened = z.object({
  taskId: z.string(),
  round: z.number(),
  file: z.string(),
  tests: z.array(z.string()),
  /** The assertion lines removed or loosened, as they were. */
  assertions: z.array(z.string()),
});
export type ViewWeakened = z.infer<typeof ViewWeakened>;

/** An implementation's owner says a failing test contradicts its task. */
export const ViewDispute = z.object({ taskId: z.string(), round: z.number(), test: z.string(), reason: z.string() });
export type ViewDispute = z.infer<typeof ViewDispute>;

/** The approved command on exactly an accepted selection (core: the `tests.selectionRun` event). */
export const ViewSelectionRun = z.object({
  /** When it ran: two runs of one selection are told apart. */
  at: z.number(),
  passed: z.number(),
  failed: z.number(),
  skipped: z.number(),
  timedOut: z.boolean(),
  exitCode: z.nullable(z.number()),
  sandboxed: z.boolean(),
  durationMs: z.number(),
  /** The first failures: test name and message's first line. */
  failures: z.array(z.object({ test: z.string(), message: z.string(), preExisting: z.boolean() })),
  /** The command never got to run its tests: why, and what to try. */
  cannotRun: z.optional(z.object({ reason: z.string(), hint: z.string() })),
});
export type ViewSelectionRun = z.infer<typeof ViewSelectionRun>;

/**
 * The accepted selection compared with what the tests ran on (core: src/core/review/testedSelection.ts),
 * shown only when they differ: why, and the run on exactly this selection when there is one.
 */
export const ViewSelection = z.object({
  /** "frontend (t3) rejected", "proposals were revised after the tests ran". */
  reasons: z.array(z.string()),
  /** Hunks that cannot be layered: the selection cannot be tested or applied as it is. */
  conflicts: z.number(),
  run: z.optional(ViewSelectionRun),
  /** A selection run exists, on another selection: it no longer counts. */
  staleRun: z.boolean(),
});
export type ViewSelection = z.infer<typeof ViewSelection>;

export const ViewTests = z.object({
  /** The line that runs (with the reporter options Squad adds). */
  command: z.optional(z.string()),
  /** The command as the user allowed it for this run, when the run's log has the approval. */
  approvedCommand: z.optional(z.string()),
  maxFixRounds: z.number(),
  /** The question the run waits on; absent when nothing waits. */
  gate: z.optional(ViewTestGate),
  baseline: z.optional(ViewBaseline),
  /** Why the tests do not run in this run. */
  skipped: z.optional(z.object({ reason: z.string(), untrusted: z.boolean() })),
  rounds: z.array(ViewTestRound),
  weakened: z.array(ViewWeakened),
  disputes: z.array(ViewDispute),
  /** `outcome` is one of TestOutcome; kept open so a newer extension's outcome still shows its summary. */
  settled: z.optional(z.object({ outcome: z.string(), rounds: z.number(), summary: z.string() })),
  /** Present when the accepted selection differs from what the tests ran on. */
  selection: z.optional(ViewSelection),
});
export type ViewTests = z.infer<typeof ViewTests>;

export const ViewApply = z.object({ checkpointId: z.string(), at: z.number(), files: z.number(), rolledBack: z.boolean() });

/**
 * Where the run stands as the user sees it, derived once by the extension
 * (src/vscode/host/runDisplay.ts) for the sidebar's header and the status bar alike.
 */
export const DisplayPhase = z.enum(['planning', 'awaiting-approval', 'running', 'testing', 'tests-wait', 'budget-wait', 'interrupted', 'cancelled', 'failed', 'incomplete', 'completed']);
export type DisplayPhase = z.infer<typeof DisplayPhase>;

export const RunDisplay = z.object({
  phase: DisplayPhase,
  /** This window's extension works on the run now; false for a run nobody works on (finished or interrupted). */
  live: z.boolean(),
  /** "Running", "Interrupted", "Plan ready for review"… */
  label: z.string(),
  /** "2 of 4 tasks done · 1 working · 1 cancelled" (the header's line). */
  progress: z.string(),
  /** "2/4 done · 1 working" (the status bar's). */
  progressShort: z.string(),
  counts: z.object({ total: z.number(), done: z.number(), working: z.number(), failed: z.number(), blocked: z.number(), cancelled: z.number(), interrupted: z.number() }),
  /** "12k tokens · $0.04", or "no tokens yet". */
  usage: z.string(),
  /** Resume continues this run (the sidebar's Resume button, with the run's id). */
  resume: z.boolean(),
  /** Work time without the waits for the user: `bankedMs`, plus now − `since` while the clock runs. */
  elapsed: z.object({ bankedMs: z.number(), since: z.optional(z.number()) }),
  /** A failed run's error: one readable line, the rest folded. */
  error: z.optional(z.object({ code: z.string(), headline: z.string(), details: z.array(z.string()) })),
});
export type RunDisplay = z.infer<typeof RunDisplay>;

/** The plan's estimate at the gate (core/budget/estimate.ts), worded by the extension: "~12k tokens · ~$0.03". */
export const ViewEstimate = z.object({
  /** By task id: the label, and where it came from ("from prompt sizes", "median of 3 earlier backend tasks"). */
  tasks: z.record(z.string(), z.object({ label: z.string(), source: z.string() })),
  total: z.string(),
});
export type ViewEstimate = z.infer<typeof ViewEstimate>;

export const ViewRun = z.object({
  runId: z.string(),
  request: z.string(),
  status: RunStatus,
  /** The plan waits at the gate for the user's edits and Run. */
  awaitingApproval: z.boolean(),
  /** Planning, agents or tests are working now. */
  busy: z.boolean(),
  roles: z.array(z.string()),
  /** Where each role came from: 'built-in', '--roles', 'settings', or its agent file's path. */
  roleSources: z.optional(z.record(z.string(), z.string())),
  planSummary: z.optional(z.string()),
  planAttempts: z.number(),
  problems: z.array(z.string()),
  error: z.optional(z.object({ code: z.string(), message: z.string(), details: z.array(z.string()) })),
  startedAt: z.optional(z.number()),
  finishedAt: z.optional(z.number()),
  usage: ViewUsage,
  /** The plan's estimate; absent before one was made (or after an edit, until it is made again). */
  estimate: z.optional(ViewEstimate),
  display: RunDisplay,
  review: z.object({
    hunks: z.number(),
    accepted: z.number(),
    rejected: z.number(),
    undecided: z.number(),
    /** Accepted hunks that no standing apply has written yet: what the Apply button would write. */
    toApply: z.number(),
    applies: z.array(ViewApply),
    /** "frontend (t3) is rejected, but qa (t4) depends on it." (core: src/core/review/dependents.ts) */
    dependencyWarnings: z.optional(z.array(z.string())),
    /** The last apply that was asked for and wrote nothing, and why (cleared by an apply). */
    notApplied: z.optional(z.object({ reason: z.string(), kind: z.string(), problems: z.array(z.string()) })),
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

export const EMPTY_TESTS: ViewTests = { maxFixRounds: 0, rounds: [], weakened: [], disputes: [] };
