/**
 * Events of the test loop: the approved command, each round's test run and what it found, the
 * failures routed back to the agents that caused them, and their fix rounds.
 */
import { z } from 'zod';
import { defineEvent } from './eventSchema';

export const AttributedFailureRecord = z.object({
  test: z.string(),
  testFile: z.string().optional(),
  message: z.string(),
  /** A few frames, as the tool printed them: enough for the agent and the human. */
  trace: z.array(z.string()),
  file: z.string().optional(),
  line: z.number().int().optional(),
  confidence: z.number().min(0).max(1),
  reason: z.string(),
  taskId: z.string().optional(),
  kind: z.enum(['routed', 'pre-existing', 'unknown', 'flaky']),
  /** The next most likely owner, when the evidence named another task too. */
  runnerUp: z.object({ taskId: z.string(), file: z.string().optional(), reason: z.string() }).optional(),
  /** Failures with one cause share a group (the first failure's test name): one fix request covers them. */
  group: z.string().optional(),
});
export type AttributedFailureRecord = z.infer<typeof AttributedFailureRecord>;

const SandboxSchema = z.object({ kind: z.enum(['bwrap', 'none']), description: z.string() });

const DefinitionSchema = z.object({
  command: z.string(),
  files: z.array(z.object({ path: z.string(), text: z.string() })),
});

/**
 * The user is asked to let the test command run: the first time for this workspace, or because
 * a proposal (or the user) changed a file that defines what it runs. `changes` are diffs of the
 * defining part of those files, from what was approved to what would run.
 */
const TestsApprovalRequested = defineEvent('tests.approvalRequested', {
  command: z.string(),
  /** The exact line that runs, when Squad adds reporter options to read the results. */
  runs: z.string().optional(),
  reason: z.string(),
  sandbox: SandboxSchema,
  changes: z.array(z.object({ path: z.string(), kind: z.enum(['added', 'removed', 'changed']), diff: z.string() })),
  definition: DefinitionSchema,
});

/** workspace: remembered for the workspace (sandboxed runs only); run: for this run only; deny: not run. */
const TestsApprovalDecided = defineEvent('tests.approvalDecided', {
  answer: z.enum(['workspace', 'run', 'deny']),
  by: z.enum(['user', 'flag']),
});

/**
 * The same command on the workspace without proposals: what fails there is not the squad's.
 * `cached`: an earlier run of the same command on the same files answered.
 */
const TestsBaseline = defineEvent('tests.baseline', {
  command: z.string(),
  cached: z.boolean(),
  exitCode: z.number().int().nullable(),
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** Tests failing without any proposal, with the signature of their failure (signature.ts). */
  failing: z.array(z.object({ test: z.string(), signature: z.string(), thrown: z.boolean() })),
  /** Set when the command cannot run at all in this workspace: why, and what to try. */
  cannotRun: z.object({ reason: z.string(), hint: z.string() }).optional(),
  durationMs: z.number().nonnegative(),
});

/** A fix changed a failing test so that it asserts less: it never counts as a pass without the user's word. */
const TestWeakened = defineEvent('test.weakened', {
  taskId: z.string(),
  round: z.number().int().positive(),
  file: z.string(),
  tests: z.array(z.string()),
  /** The assertion lines removed or loosened, as they were. */
  assertions: z.array(z.string()),
});

/** The implementation's owner says a failing test contradicts its task; QA gets the failure with both sides. */
const TestDisputed = defineEvent('test.disputed', {
  taskId: z.string(),
  round: z.number().int().nonnegative(),
  test: z.string(),
  reason: z.string(),
});

/** The tests will not run in this run, and why (no command found, an untrusted workspace, not allowed). */
const TestsSkipped = defineEvent('tests.skipped', { reason: z.string(), untrusted: z.boolean() });

/** The command the loop will run, and who chose it. */
const TestsConfigured = defineEvent('tests.configured', {
  command: z.string(),
  source: z.enum(['user', 'detected']),
  maxFixRounds: z.number().int().nonnegative(),
});

const TestsStarted = defineEvent('tests.started', { round: z.number().int().nonnegative(), command: z.string() });

/** What one run of the test command left: a loop round and a selection run both record it. */
const COMMAND_OUTCOME = {
  /** null when the command was killed (timeout, cancel). */
  exitCode: z.number().int().nullable(),
  timedOut: z.boolean(),
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  failures: z.array(AttributedFailureRecord),
  /** The end of the raw output, for failures no parser understood. */
  rawTail: z.string(),
  durationMs: z.number().nonnegative(),
};

const TestsFinished = defineEvent('tests.finished', {
  round: z.number().int().nonnegative(),
  ...COMMAND_OUTCOME,
  format: z.string(),
  sandboxed: z.boolean().optional(),
});

/** Failures sent back to the task whose change caused them. */
const FailureRouted = defineEvent('failure.routed', {
  round: z.number().int().positive(),
  taskId: z.string(),
  tests: z.array(z.string()),
  files: z.array(z.string()),
});

const FixStarted = defineEvent('fix.started', { taskId: z.string(), round: z.number().int().positive() });

const FixFinished = defineEvent('fix.finished', {
  taskId: z.string(),
  round: z.number().int().positive(),
  outcome: z.enum(['revised', 'failed', 'cancelled']),
  summary: z.string().optional(),
  reason: z.string().optional(),
  /** Why it failed (a SquadErrorCode): a resume runs again a fix a model error stopped. */
  code: z.string().optional(),
});

/**
 * A resumed run runs again a fix that a model error, a cancel or a streak of failed calls stopped:
 * its first `keepTurns` recorded turns are replayed, the rest dropped.
 */
const FixRetried = defineEvent('fix.retried', { taskId: z.string(), round: z.number().int().positive(), keepTurns: z.number().int().nonnegative() });

/** The loop's end: why it stopped, for the human. */
const TestsSettled = defineEvent('tests.settled', {
  /**
   * weakened: the tests pass only because a fix loosened a failing test; cannot-run: the command
   * fails the same without any proposal before running a test (nothing was sent to an agent);
   * needs-approval: a proposal changed what the command runs and the user did not allow it.
   */
  outcome: z.enum(['passed', 'failing', 'pre-existing', 'no-tests', 'error', 'cancelled', 'weakened', 'cannot-run', 'needs-approval']),
  rounds: z.number().int().nonnegative(),
  summary: z.string(),
});

/**
 * The approved command ran on exactly the selection the user accepted (in the scratch copy, in the
 * sandbox): `digest` names that selection (src/core/review/selectionDigest.ts), so the result
 * speaks for it alone and a changed selection is untested again.
 */
const TestsSelectionRun = defineEvent('tests.selectionRun', {
  digest: z.string(),
  /** Files the selection writes. */
  files: z.number().int().nonnegative(),
  command: z.string(),
  ...COMMAND_OUTCOME,
  sandboxed: z.boolean(),
  /** Set when the command never got to run its tests. */
  cannotRun: z.object({ reason: z.string(), hint: z.string() }).optional(),
});

export const TEST_EVENT_SCHEMAS = [
  TestsSkipped, TestsConfigured, TestsApprovalRequested, TestsApprovalDecided, TestsBaseline, TestsStarted, TestsFinished,
  FailureRouted, FixStarted, FixFinished, FixRetried, TestWeakened, TestDisputed, TestsSettled, TestsSelectionRun,
] as const;
