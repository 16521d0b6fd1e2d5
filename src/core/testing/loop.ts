/**
 * The test loop: run the whole suite on the whole change set; send each failure to the agent
 * whose change caused it; let those agents revise; run again — until the tests pass, only
 * failures no task caused remain, or the fix rounds run out. Every step is a run event.
 */
import type { Squad } from '../agents/squad';
import { fixRequestMessage } from '../agents/fixPrompt';
import { finalFiles } from '../changes/final';
import { computeFileDiff, unifiedDiff } from '../changes/hunks';
import { cancelledError, isSquadError } from '../common/errors';
import type { RunSession } from '../run/session';
import type { AttributedFailureRecord } from '../run/testEvents';
import { attributionInput } from './changedFiles';
import { runTestsOn, testsPassed, type TestExecution, type TestRunResult } from './execution';
import { toFailureRecords } from './records';

export interface TestLoopOptions {
  readonly session: RunSession;
  readonly squad: Squad;
  readonly execution: TestExecution;
  readonly maxFixRounds: number;
  /** Extra runs of a failing suite with no change, to tell flaky tests from broken ones. */
  readonly flakyReruns?: number;
  readonly concurrency: number;
}

export type TestLoopOutcome = 'passed' | 'failing' | 'pre-existing' | 'no-tests' | 'error' | 'cancelled';

export async function runTestLoop(options: TestLoopOptions, signal: AbortSignal): Promise<TestLoopOutcome> {
  const { session } = options;
  let round = await resumePendingFixes(options, signal);
  for (;;) {
    if (signal.aborted) return settle(session, 'cancelled', round, 'The test loop was cancelled.');
    await session.emit({ type: 'tests.started', round, command: options.execution.command.command });
    let run: RoundResult;
    try {
      run = await runRound(options, signal);
    } catch (err) {
      if (isSquadError(err, 'cancelled') || signal.aborted) return settle(session, 'cancelled', round, 'The test loop was cancelled during a test run.');
      const message = err instanceof Error ? err.message : String(err);
      return settle(session, 'error', round, `The tests could not run: ${message}`);
    }
    await session.emit({ type: 'tests.finished', round, ...run.summary });
    if (run.passed) return settle(session, 'passed', round, run.summary.passed === 0 ? 'The test command succeeded.' : `All ${run.summary.passed} tests pass.`);
    // Tests killed at the timeout print as failures of their files: they say nothing about whose change broke what.
    if (run.summary.timedOut) {
      const limit = `${Math.round(options.execution.timeoutMs / 1000)} s`;
      return settle(session, 'error', round, `The test command timed out after ${limit}; nothing was sent back to the agents; see the end of its output.`);
    }

    const routed = groupRouted(run.summary.failures);
    if (routed.size === 0) {
      if (run.summary.failures.length === 0) {
        return settle(session, 'error', round, `The test command failed (exit ${String(run.summary.exitCode)}) and its output named no failing test; see the end of its output.`);
      }
      const kinds = new Set(run.summary.failures.map((f) => f.kind));
      const what = kinds.has('flaky') && kinds.size === 1 ? 'Only flaky tests failed' : 'The remaining failures are in code no task changed';
      return settle(session, 'pre-existing', round, `${what}: ${listTests(run.summary.failures)}; nothing was sent back to the agents.`);
    }
    if (round >= options.maxFixRounds) {
      const who = [...routed].map(([taskId, fs]) => `${taskId} (${fs.length} failing)`).join(', ');
      return settle(session, 'failing', round, `Still failing after ${round} fix round${round === 1 ? '' : 's'}: ${run.summary.failed} test(s); last asked to fix: ${who}.`);
    }
    round += 1;
    await fixAll(options, round, routed, signal);
    if (signal.aborted) return settle(session, 'cancelled', round, 'The test loop was cancelled during a fix round.');
  }
}

interface RoundResult {
  readonly passed: boolean;
  readonly summary: {
    exitCode: number | null;
    timedOut: boolean;
    format: string;
    passed: number;
    failed: number;
    skipped: number;
    failures: AttributedFailureRecord[];
    rawTail: string;
    durationMs: number;
  };
}

async function runRound(options: TestLoopOptions, signal: AbortSignal): Promise<RoundResult> {
  const { squad, session, execution } = options;
  const order = squad.settledOrder();
  const files = await finalFiles(squad.changes, order);
  const input = attributionInput(squad.changes, order, session.state);
  // A run stopped by the cancellation returns what its killed tests printed: not a verdict.
  const first = await runTestsOn(files, execution, input, signal);
  if (signal.aborted) throw cancelledError(signal);
  let last: TestRunResult = first;
  let flaky = new Set<string>();
  // A suite that timed out is not run again: it would only wait out the timeout once more.
  for (let i = 0; i < (options.flakyReruns ?? 1) && !testsPassed(last) && !last.result.timedOut; i++) {
    const again = await runTestsOn(files, execution, input, signal);
    if (signal.aborted) throw cancelledError(signal);
    // Same files, no change: a test that failed before and passes now is flaky.
    const stillFailing = new Set(again.report.failures.map((f) => f.test));
    flaky = new Set([...flaky, ...first.report.failures.map((f) => f.test).filter((t) => !stillFailing.has(t))]);
    last = again;
  }
  const flakyRecords = first.attributions.filter((a) => flaky.has(a.failure.test));
  const records = toFailureRecords(last.attributions, last.stagedDir).map((r) =>
    // Tests killed at the timeout print as failures of their files; they say nothing about whose change broke what.
    last.result.timedOut ? { ...r, kind: 'unknown' as const, taskId: undefined, reason: 'killed at the timeout' } : r,
  );
  const failures = [...records, ...toFailureRecords(flakyRecords, first.stagedDir).map((r) => ({ ...r, kind: 'flaky' as const }))];
  return {
    passed: testsPassed(last),
    summary: {
      exitCode: last.result.exitCode,
      timedOut: last.result.timedOut,
      format: last.report.format,
      passed: last.report.passed,
      failed: last.report.failed,
      skipped: last.report.skipped,
      failures,
      rawTail: last.report.rawTail,
      durationMs: last.result.durationMs,
    },
  };
}

function groupRouted(failures: readonly AttributedFailureRecord[]): Map<string, AttributedFailureRecord[]> {
  const byTask = new Map<string, AttributedFailureRecord[]>();
  for (const f of failures) {
    if (f.kind !== 'routed' || !f.taskId) continue;
    byTask.set(f.taskId, [...(byTask.get(f.taskId) ?? []), f]);
  }
  return byTask;
}

/** Fix requests go out in parallel, up to the concurrency limit. */
async function fixAll(options: TestLoopOptions, round: number, routed: Map<string, AttributedFailureRecord[]>, signal: AbortSignal): Promise<void> {
  const queue = [...routed];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [taskId, failures] = next;
      await options.session.emit({ type: 'failure.routed', round, taskId, tests: failures.map((f) => f.test), files: [...new Set(failures.flatMap((f) => (f.file ? [f.file] : [])))] });
      await fixOne(options, taskId, round, failures, signal);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, routed.size)) }, worker));
}

async function fixOne(options: TestLoopOptions, taskId: string, round: number, failures: readonly AttributedFailureRecord[], signal: AbortSignal): Promise<void> {
  const { session, squad } = options;
  const state = session.state.tasks[taskId];
  if (!state) return;
  if (!session.events.some((e) => e.type === 'fix.started' && e.taskId === taskId && e.round === round)) {
    await session.emit({ type: 'fix.started', taskId, round });
  }
  const ownDiff = [...squad.changes.changes(taskId)].map(([path, c]) => unifiedDiff(computeFileDiff(path, c.base, c.content))).join('\n');
  const request = fixRequestMessage({
    task: state.task,
    round,
    maxRounds: options.maxFixRounds,
    command: options.execution.command.command,
    failures,
    ...(state.summary ? { summary: state.summary } : {}),
    ownDiff,
  });
  try {
    const result = await squad.fix(taskId, round, request, signal);
    await session.emit(
      result.outcome === 'proposed'
        ? { type: 'fix.finished', taskId, round, outcome: 'revised', summary: result.summary }
        : { type: 'fix.finished', taskId, round, outcome: 'failed', reason: result.reason },
    );
  } catch (err) {
    const cancelled = isSquadError(err, 'cancelled') || signal.aborted;
    const reason = err instanceof Error ? err.message : String(err);
    await session.emit({ type: 'fix.finished', taskId, round, outcome: cancelled ? 'cancelled' : 'failed', reason });
    if (cancelled) return;
  }
}

/** After a crash: finish the fix requests of the last round that were sent but not answered; returns the round to test. */
async function resumePendingFixes(options: TestLoopOptions, signal: AbortSignal): Promise<number> {
  const events = options.session.events;
  let lastRound = 0;
  for (const e of events) if (e.type === 'failure.routed') lastRound = Math.max(lastRound, e.round);
  if (lastRound === 0) return 0;
  const previous = [...events].reverse().find((e) => e.type === 'tests.finished' && e.round === lastRound - 1);
  const failures = previous?.type === 'tests.finished' ? previous.failures : [];
  for (const e of events) {
    if (e.type !== 'failure.routed' || e.round !== lastRound) continue;
    const done = events.some((f) => f.type === 'fix.finished' && f.taskId === e.taskId && f.round === lastRound);
    if (!done) await fixOne(options, e.taskId, lastRound, failures.filter((f) => f.taskId === e.taskId && f.kind === 'routed'), signal);
  }
  return lastRound;
}

function listTests(failures: readonly AttributedFailureRecord[]): string {
  const shown = failures.slice(0, 3).map((f) => `${f.test}${f.file ? ` (${f.file})` : ''}`);
  return `${failures.length} failing — ${shown.join('; ')}${failures.length > 3 ? '; …' : ''}`;
}

async function settle(session: RunSession, outcome: TestLoopOutcome, rounds: number, summary: string): Promise<TestLoopOutcome> {
  await session.emit({ type: 'tests.settled', outcome, rounds, summary });
  return outcome;
}
