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
});
export type AttributedFailureRecord = z.infer<typeof AttributedFailureRecord>;

/** The command the loop will run, and who chose it. */
const TestsConfigured = defineEvent('tests.configured', {
  command: z.string(),
  source: z.enum(['user', 'detected']),
  maxFixRounds: z.number().int().nonnegative(),
});

const TestsStarted = defineEvent('tests.started', { round: z.number().int().nonnegative(), command: z.string() });

const TestsFinished = defineEvent('tests.finished', {
  round: z.number().int().nonnegative(),
  /** null when the command was killed (timeout, cancel). */
  exitCode: z.number().int().nullable(),
  timedOut: z.boolean(),
  format: z.string(),
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  failures: z.array(AttributedFailureRecord),
  /** The end of the raw output, for failures no parser understood. */
  rawTail: z.string(),
  durationMs: z.number().nonnegative(),
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
});

/** The loop's end: why it stopped, for the human. */
const TestsSettled = defineEvent('tests.settled', {
  outcome: z.enum(['passed', 'failing', 'pre-existing', 'no-tests', 'error', 'cancelled']),
  rounds: z.number().int().nonnegative(),
  summary: z.string(),
});

export const TEST_EVENT_SCHEMAS = [TestsConfigured, TestsStarted, TestsFinished, FailureRouted, FixStarted, FixFinished, TestsSettled] as const;
