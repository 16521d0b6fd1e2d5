/**
 * Counterfactual re-runs: evidence that a task's change caused a failure, not only that the test
 * ran it. The suite runs again on the squad's changes minus one task's. When a failing test then
 * passes, that task's change is its cause; when it fails exactly as before, that task is cleared
 * for it. Scores say where to look first; these runs say who it was.
 *
 * Bounded: a few tasks (the strongest candidates first, then other tasks that changed code), only
 * when a round's suite is quick enough to run again, and only when the command may run on those
 * files (their definition is allowed).
 */
import type { ChangeSet } from '../changes/changeSet';
import { finalFiles } from '../changes/final';
import { cancelledError, isSquadError } from '../common/errors';
import type { FailureAttribution } from './attribute';
import { runTestsOn, type TestExecution } from './execution';
import { baseOf, isTestPath, parseRawPath } from './paths';
import { failureFingerprint } from './signature';
import type { StagedFile } from './staging';
import type { TestFailure } from './types';

/** Shared distinctive names that make a test "about" a change. */
const MIN_TOPIC = 3;

/** Per failing test: fixed (passes without the task), same (fails as before), different (fails otherwise, or its file no longer loads). */
export type Verdict = 'fixed' | 'same' | 'different';

/** task → test → verdict; a task missing from the map was not tried (or could not be). */
export type Verdicts = ReadonlyMap<string, ReadonlyMap<string, Verdict>>;

export interface CounterfactualInput {
  readonly changes: ChangeSet;
  /** The settled tasks, in layering order. */
  readonly order: readonly string[];
  readonly execution: TestExecution;
  readonly attributions: readonly FailureAttribution[];
  /** How many tests the run with every change ran (passed + failed): a drop without a task means tests no longer load. */
  readonly testsRun: number;
  /** Whether the approved command may run on these files (their definition is allowed). */
  readonly mayRun: (files: readonly StagedFile[]) => Promise<boolean>;
  readonly maxRuns: number;
}

export async function leaveOneOut(input: CounterfactualInput, signal: AbortSignal): Promise<Verdicts> {
  const inScope = input.attributions.filter((a) => a.kind === 'routed' || a.testOwner !== undefined);
  const failing = new Map(inScope.map((a) => [a.failure.test, a.failure]));
  const before = new Set(input.attributions.map((a) => a.failure.test));
  const verdicts = new Map<string, Map<string, Verdict>>();
  for (const taskId of tryOrder(input, inScope)) {
    if (signal.aborted) throw cancelledError(signal);
    let files: StagedFile[];
    try {
      files = await finalFiles(input.changes, input.order.filter((id) => id !== taskId));
    } catch (err) {
      // Later tasks were built on this one's lines: without it their changes do not apply.
      if (isSquadError(err, 'changes/conflict')) continue;
      throw err;
    }
    if (!(await input.mayRun(files))) continue;
    const run = await runTestsOn(files, input.execution, undefined, signal);
    if (signal.aborted) throw cancelledError(signal);
    const perTest = new Map<string, Verdict>();
    const now = new Map(run.report.failures.map((f) => [f.test, f]));
    const appeared = run.report.failures.filter((f) => !before.has(f.test));
    // Tests that vanished (a file that no longer loads without this task's module) did not pass: they did not run.
    const ownsTests = [...input.changes.changes(taskId).keys()].some((p) => isTestPath(p));
    const vanished = !ownsTests && run.report.passed + run.report.failed < input.testsRun;
    for (const [test, failure] of failing) {
      const still = now.get(test);
      if (run.cannotRun || run.result.timedOut) perTest.set(test, 'different');
      else if (still) perTest.set(test, failureFingerprint(still) === failureFingerprint(failure) ? 'same' : 'different');
      // Gone from the failures: passed — unless its file now fails to load, under another name or not at all.
      else perTest.set(test, vanished || appeared.some((f) => sameFile(f, failure)) ? 'different' : 'fixed');
    }
    verdicts.set(taskId, perTest);
  }
  return verdicts;
}

/** The strongest candidates over all failures first, then the other tasks that changed code. */
function tryOrder(input: CounterfactualInput, inScope: readonly FailureAttribution[]): string[] {
  const owners = new Set(inScope.flatMap((a) => (a.testOwner === undefined ? [] : [a.testOwner])));
  const totals = new Map<string, number>();
  for (const a of inScope) for (const c of a.candidates ?? []) if (!owners.has(c.taskId)) totals.set(c.taskId, (totals.get(c.taskId) ?? 0) + c.score);
  const ranked = [...totals].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  // The test's author is never removed: its test file would go with it and "pass" by not running.
  const changedCode = input.order.filter((id) => !owners.has(id) && [...input.changes.changes(id).keys()].some((p) => !isTestPath(p)));
  return [...new Set([...ranked, ...changedCode])].filter((id) => input.order.includes(id)).slice(0, input.maxRuns);
}

function sameFile(a: TestFailure, b: TestFailure): boolean {
  const fileOf = (f: TestFailure) => (f.testFile === undefined ? undefined : parseRawPath(f.testFile).segments.join('/'));
  const fa = fileOf(a);
  const fb = fileOf(b);
  if (fa !== undefined && fb !== undefined) return fa.endsWith(fb) || fb.endsWith(fa);
  // A file that fails to load is often reported under its own path as the test's name.
  return fb !== undefined && a.test.includes(baseOf(fb));
}

/**
 * Each failure with the verdicts applied: a task whose removal makes the test pass owns it; a
 * task whose removal changes nothing for it is cleared (the next candidate, or the test's author
 * when every implementation is cleared, takes it).
 */
export function applyVerdicts(attributions: readonly FailureAttribution[], verdicts: Verdicts): FailureAttribution[] {
  if (verdicts.size === 0) return [...attributions];
  return attributions.map((a) => {
    if (a.kind !== 'routed' && a.testOwner === undefined) return a;
    const of = (taskId: string) => verdicts.get(taskId)?.get(a.failure.test);
    const score = new Map((a.candidates ?? []).map((c) => [c.taskId, c]));
    const tried = [...verdicts.keys()].filter((id) => id !== a.testOwner);
    const fixed = tried.filter((id) => of(id) === 'fixed').sort((x, y) => (score.get(y)?.score ?? 0) - (score.get(x)?.score ?? 0));
    if (fixed.length > 0) {
      const top = fixed[0]!;
      const why = score.get(top)?.reason;
      return reassign(a, top, score.get(top)?.file ?? a.file, `without ${top}'s change the test passes (re-run)${why ? `; ${why}` : ''}`, 0.97, fixed[1] ?? a.candidates?.find((c) => c.taskId !== top)?.taskId);
    }
    const cleared = new Set(tried.filter((id) => of(id) === 'same'));
    if (cleared.size === 0 || a.taskId === undefined || !cleared.has(a.taskId)) return a;
    const rest = (a.candidates ?? []).filter((c) => c.taskId !== a.testOwner && !cleared.has(c.taskId));
    const next = rest[0];
    const clearedText = `${[...cleared].join(', ')} cleared: the test fails the same without ${cleared.size === 1 ? 'its change' : 'their changes'} (re-run)`;
    if (next) return reassign(a, next.taskId, next.file, `${clearedText}; ${next.reason}`, 0.7, rest[1]?.taskId);
    // A test written in this run that fails the same with or without the change it is about: that
    // change does not do what the test asks (an inverted condition behaves like the old code).
    const about = (a.candidates ?? []).filter((c) => c.taskId !== a.testOwner && cleared.has(c.taskId) && c.topic >= MIN_TOPIC && c.score >= 1).sort((x, y) => y.topic - x.topic)[0];
    if (about && a.testOwner !== undefined) {
      return reassign(a, about.taskId, about.file, `the failing test is about what ${about.taskId} changed (${about.topic} shared names) and fails the same without that change: it does not do what the test asks; ${about.reason}`, 0.65, a.testOwner);
    }
    if (a.testOwner !== undefined && a.testFile !== undefined) {
      return reassign(a, a.testOwner, a.testFile, `${clearedText}: the test's own expectation or setup is the likelier cause`, 0.75, a.taskId);
    }
    return a;
  });
}

function reassign(a: FailureAttribution, taskId: string, file: string | undefined, reason: string, confidence: number, runnerUp: string | undefined): FailureAttribution {
  const { line: _line, evidence: _evidence, runnerUp: _old, file: _file, ...rest } = a;
  return {
    ...rest,
    kind: 'routed',
    taskId,
    ...(file === undefined ? {} : { file }),
    reason,
    confidence,
    ...(runnerUp !== undefined && runnerUp !== taskId ? { runnerUp: { taskId: runnerUp, reason: 'next candidate' } } : {}),
  };
}
