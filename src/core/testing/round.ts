/**
 * One test round on a set of proposed files, as the loop runs it and the attribution bench
 * measures it: run the suite; when it fails, ask the baseline what fails without any proposal
 * (and stop if the command cannot run at all); run the failing suite again with coverage — what
 * passes now was flaky, what still fails is attributed from what it executed.
 */
import { cancelledError } from '../common/errors';
import type { AttributedFailureRecord } from '../run/testEvents';
import type { ChangeSet } from '../changes/changeSet';
import type { Baseline } from './baseline';
import { applyVerdicts, leaveOneOut } from './counterfactual';
import type { CannotRun } from './cannotRun';
import { runTestsOn, testsPassed, type AttributionInput, type TestExecution, type TestRunResult } from './execution';
import type { FailureAttribution } from './attribute';
import { isolatedRun } from './isolation';
import { isTestPath } from './paths';
import { toFailureRecords } from './records';
import type { StagedFile } from './staging';
import type { TestFailure } from './types';

export interface RoundInput {
  readonly files: readonly StagedFile[];
  readonly execution: TestExecution;
  readonly attribution: AttributionInput;
  /** The baseline of the run (computed once, when a round first fails). */
  readonly baseline: (signal: AbortSignal) => Promise<Baseline>;
  /** Re-runs of a failing suite with no change (the first also collects coverage); at least 1. */
  readonly reruns?: number;
  /** Counterfactual re-runs (the suite without one candidate task's change); absent: none. */
  readonly experiments?: {
    readonly changes: ChangeSet;
    readonly order: readonly string[];
    readonly mayRun: (files: readonly StagedFile[]) => Promise<boolean>;
    /** Most re-runs per round. */
    readonly maxRuns: number;
    /** A suite slower than this is not run again for them. */
    readonly maxSuiteMs: number;
  };
}

/** Defaults: three re-runs at most, for suites that take under two minutes. */
export const DEFAULT_EXPERIMENTS = { maxRuns: 3, maxSuiteMs: 120_000 } as const;

export type RoundResult =
  /** Passed, timed out, or failed with each failure attributed (flaky ones apart). */
  | { readonly kind: 'ran'; readonly first: TestRunResult; readonly last: TestRunResult; readonly records: AttributedFailureRecord[]; readonly flaky: AttributedFailureRecord[] }
  /** The command cannot run in this workspace even without the proposals. */
  | { readonly kind: 'cannot-run'; readonly first: TestRunResult; readonly reason: CannotRun };

export async function testRound(input: RoundInput, signal: AbortSignal): Promise<RoundResult> {
  const { files, execution } = input;
  const first = await runTestsOn(files, execution, undefined, signal);
  if (signal.aborted) throw cancelledError(signal);
  if (testsPassed(first) || first.result.timedOut) return { kind: 'ran', first, last: first, records: [], flaky: [] };

  const baseline = await input.baseline(signal);
  if (baseline.record.cannotRun) return { kind: 'cannot-run', first, reason: baseline.record.cannotRun };

  let last: TestRunResult = first;
  let flaky = new Set<string>();
  for (let i = 0; i < Math.max(1, input.reruns ?? 1) && !testsPassed(last); i++) {
    const again = await runTestsOn(files, execution, input.attribution, signal, { coverage: i === 0, baseline: baseline.failures });
    if (signal.aborted) throw cancelledError(signal);
    // Same files, no change: a test that failed before and passes now is flaky.
    const stillFailing = new Set(again.report.failures.map((f) => f.test));
    flaky = new Set([...flaky, ...first.report.failures.map((f) => f.test).filter((t) => !stillFailing.has(t))]);
    last = again;
  }
  const flakyFailures = first.report.failures.filter((f) => flaky.has(f.test));
  let attributions = last.attributions;
  const x = input.experiments;
  if (x && !testsPassed(last) && last.result.durationMs <= x.maxSuiteMs && worthTesting(attributions, x.changes, x.order)) {
    const testsRun = last.report.passed + last.report.failed;
    const verdicts = await leaveOneOut({ changes: x.changes, order: x.order, execution, attributions, testsRun, mayRun: x.mayRun, maxRuns: x.maxRuns }, signal);
    attributions = applyVerdicts(attributions, verdicts);
    attributions = await isolate(attributions, files, execution, signal);
  }
  return { kind: 'ran', first, last, records: toFailureRecords(attributions, last.stagedDir), flaky: flakyFailures.map((f) => flakyRecord(f, first.stagedDir)) };
}

/** Most tests of one round run alone to look for a dependency on other tests. */
const MAX_ISOLATED = 2;

/**
 * A test written in this run that still points at another task's change is run alone: passing
 * by itself means it leans on what other tests left behind, and it goes back to its author.
 */
async function isolate(attributions: readonly FailureAttribution[], files: readonly StagedFile[], execution: TestExecution, signal: AbortSignal): Promise<FailureAttribution[]> {
  const out = [...attributions];
  let runs = 0;
  for (let i = 0; i < out.length && runs < MAX_ISOLATED; i++) {
    const a = out[i]!;
    if (a.kind !== 'routed' || a.testOwner === undefined || a.taskId === a.testOwner || a.testFile === undefined) continue;
    const alone = isolatedRun(execution.command, a.failure);
    if (!alone) continue;
    runs++;
    const env = { ...execution.env, ...alone.env, ...(alone.env['NODE_OPTIONS'] && execution.env['NODE_OPTIONS'] ? { NODE_OPTIONS: `${execution.env['NODE_OPTIONS']} ${alone.env['NODE_OPTIONS']}` } : {}) };
    const run = await runTestsOn(files, { ...execution, command: { ...execution.command, command: alone.command }, env }, undefined, signal);
    if (signal.aborted) throw cancelledError(signal);
    if (run.report.passed > 0 && run.report.failures.length === 0 && run.result.exitCode === 0) {
      const { line: _l, evidence: _e, ...rest } = a;
      out[i] = { ...rest, taskId: a.testOwner, file: a.testFile, confidence: 0.85, reason: 'the test passes when run alone: it depends on what other tests left behind (shared state or order)', runnerUp: { taskId: a.taskId!, reason: a.reason } };
    }
  }
  return out;
}

/** Re-runs help wherever two tasks changed code, or a task wrote the failing test. */
function worthTesting(attributions: readonly FailureAttribution[], changes: ChangeSet, order: readonly string[]): boolean {
  const codeTasks = order.filter((id) => [...changes.changes(id).keys()].some((p) => !isTestPath(p)));
  return attributions.some((a) => (a.kind === 'routed' || a.testOwner !== undefined) && (codeTasks.length >= 2 || a.testOwner !== undefined));
}

function flakyRecord(f: TestFailure, stagedDir: string): AttributedFailureRecord {
  const [record] = toFailureRecords([{ failure: f, confidence: 0, kind: 'unknown', reason: 'failed, then passed with no change' }], stagedDir);
  return { ...record!, kind: 'flaky' };
}
