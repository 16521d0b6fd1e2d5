/**
 * The test loop: run the whole suite on the whole change set; send each failure to the agent
 * whose change caused it; let those agents revise; run again — until the tests pass, only
 * failures no task caused remain, or the fix rounds run out. Every step is a run event.
 *
 * Before each run the command's definition on that tree must be one the user allowed (a proposal
 * that edits package.json's scripts asks again). When a round first fails, the baseline (the same
 * command without proposals) says what is not the squad's, and a command that cannot run at all
 * stops the loop at once. The failing suite then runs again with coverage: what still fails is
 * attributed from what it executed; what passes now was flaky.
 */
import { ownedAreas } from '../agents/roles/owned';
import type { Squad } from '../agents/squad';
import { fixRequestMessage } from '../agents/fixPrompt';
import { finalFiles, type FinalFile } from '../changes/final';
import { computeFileDiff, unifiedDiff } from '../changes/hunks';
import { isSquadError } from '../common/errors';
import { isPermanentModelError } from '../llm/retryNotice';
import type { Workspace } from '../ports';
import type { RunSession } from '../run/session';
import { fixesToResume } from '../run/retry';
import type { AttributedFailureRecord } from '../run/testEvents';
import { definitionOn, type TestAuthority } from './authority';
import type { BaselineRun } from './baseline';
import { attributionInput, roleIn } from './changedFiles';
import { testsPassed, type TestExecution, type TestRunResult } from './execution';
import { isTestPath } from './paths';
import { DEFAULT_EXPERIMENTS, testRound } from './round';
import { weakenedTests } from './weakened';

export interface TestLoopOptions {
  readonly session: RunSession;
  readonly squad: Squad;
  readonly execution: TestExecution;
  /** The workspace without proposals: what the definition of the command is read from. */
  readonly workspace: Workspace;
  readonly authority: TestAuthority;
  readonly baseline: BaselineRun;
  readonly maxFixRounds: number;
  /** Extra runs of a failing suite with no change, to tell flaky tests from broken ones (the first also collects coverage). */
  readonly flakyReruns?: number;
  readonly concurrency: number;
}

export type TestLoopOutcome = 'passed' | 'failing' | 'pre-existing' | 'no-tests' | 'error' | 'cancelled' | 'weakened' | 'cannot-run' | 'needs-approval';

type Stop = { readonly stop: TestLoopOutcome; readonly summary: string };

export async function runTestLoop(options: TestLoopOptions, signal: AbortSignal): Promise<TestLoopOutcome> {
  const { session } = options;
  let round = await resumePendingFixes(options, signal);
  for (;;) {
    if (signal.aborted) return settle(session, 'cancelled', round, 'The test loop was cancelled.');
    let run: RoundResult | Stop;
    try {
      run = await runRound(options, round, signal);
    } catch (err) {
      if (isSquadError(err, 'cancelled') || signal.aborted) return settle(session, 'cancelled', round, 'The test loop was cancelled during a test run.');
      const message = err instanceof Error ? err.message : String(err);
      return settle(session, 'error', round, `The tests could not run: ${message}`);
    }
    if ('stop' in run) return settle(session, run.stop, round, run.summary);
    if (run.passed) {
      const weakened = session.state.tests.weakened;
      if (weakened.length > 0) {
        const which = weakened.map((w) => `${w.tests.join(', ')} (${w.file}, by ${w.taskId})`).join('; ');
        return settle(session, 'weakened', round, `The tests pass, but only after a fix loosened failing tests: ${which}. Review those changes: the pass does not count until you accept them.`);
      }
      return settle(session, 'passed', round, run.summary.passed === 0 ? 'The test command succeeded.' : `All ${run.summary.passed} tests pass.`);
    }
    // Tests killed at the timeout print as failures of their files: they say nothing about whose change broke what.
    if (run.summary.timedOut) {
      const limit = `${Math.round(options.execution.timeoutMs / 1000)} s`;
      return settle(session, 'error', round, `The test command timed out after ${limit}; nothing was sent back to the agents; see the end of its output.`);
    }
    const routed = groupRouted(redirectDisputed(session, run.summary.failures));
    if (routed.size === 0) {
      if (run.summary.failures.length === 0) {
        return settle(session, 'error', round, `The test command failed (exit ${String(run.summary.exitCode)}) and its output named no failing test; see the end of its output.`);
      }
      const kinds = new Set(run.summary.failures.map((f) => f.kind));
      const what = kinds.has('flaky') && kinds.size === 1 ? 'Only flaky tests failed' : 'The remaining failures are not the squad’s (they fail without its changes, or in code no task changed)';
      return settle(session, 'pre-existing', round, `${what}: ${listTests(run.summary.failures)}; nothing was sent back to the agents.`);
    }
    if (round >= options.maxFixRounds) {
      const who = [...routed].map(([taskId, fs]) => `${taskId} (${fs.length} failing)`).join(', ');
      return settle(session, 'failing', round, `Still failing after ${round} fix round${round === 1 ? '' : 's'}: ${run.summary.failed} test(s); last asked to fix: ${who}.`);
    }
    round += 1;
    try {
      await fixAll(options, round, routed, signal);
    } catch (err) {
      // A refused key, model or request fails every later fix the same way: stop, and fail the run with it.
      if (isPermanentModelError(err)) await settle(session, 'error', round, `Fix round ${round} stopped: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    }
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
    sandboxed: boolean;
  };
}

async function runRound(options: TestLoopOptions, round: number, signal: AbortSignal): Promise<RoundResult | Stop> {
  const { squad, session, execution } = options;
  const order = squad.settledOrder();
  const files = await finalFiles(squad.changes, order);
  const allowed = await options.authority.check(await definitionOn(options.authority.command, options.workspace, files, signal), signal, 'ask');
  if (!allowed.allowed) {
    const what = allowed.changes.map((c) => c.path).join(', ');
    return { stop: 'needs-approval', summary: `The tests did not run: ${allowed.why === 'denied' ? 'you did not allow' : 'nobody allowed'} the test command with the proposed changes to ${what || 'its definition'}.` };
  }
  await session.emit({ type: 'tests.started', round, command: execution.command.command });
  const result = await testRound({
    files,
    execution,
    attribution: { ...attributionInput(squad.changes, order, roleIn(session), files), spec: specOf(session), ...ownedByOf(session) },
    baseline: (s) => options.baseline.get(s),
    ...(options.flakyReruns === undefined ? {} : { reruns: options.flakyReruns }),
    experiments: {
      changes: squad.changes,
      order,
      // A re-run without a task's change runs another definition when that task changed it: only if allowed.
      mayRun: async (subset) => (await options.authority.check(await definitionOn(options.authority.command, options.workspace, subset, signal), signal, 'report')).allowed,
      ...DEFAULT_EXPERIMENTS,
    },
  }, signal);
  if (result.kind === 'cannot-run') {
    await session.emit({ type: 'tests.finished', round, ...summaryOf(result.first, []) });
    return { stop: 'cannot-run', summary: `The test command cannot run in this workspace, with or without the squad's changes: ${result.reason.reason}. ${result.reason.hint} Nothing was sent to the agents.` };
  }
  return finished(session, round, result.last, result.records, result.flaky, result.first);
}

async function finished(session: RunSession, round: number, last: TestRunResult, records: AttributedFailureRecord[], flaky: AttributedFailureRecord[], first: TestRunResult): Promise<RoundResult> {
  const summary = summaryOf(last, [...records, ...flaky]);
  // A run that never got to its tests but fails no differently at baseline was answered above; here it counts as the squad's.
  await session.emit({ type: 'tests.finished', round, ...summary, durationMs: first === last ? last.result.durationMs : first.result.durationMs });
  return { passed: testsPassed(last), summary };
}

function summaryOf(run: TestRunResult, failures: AttributedFailureRecord[]): RoundResult['summary'] {
  const timedOut = run.result.timedOut;
  return {
    exitCode: run.result.exitCode,
    timedOut,
    format: run.report.format,
    passed: run.report.passed,
    failed: run.report.failed,
    skipped: run.report.skipped,
    // Tests killed at the timeout print as failures of their files; they say nothing about whose change broke what.
    failures: timedOut ? failures.map((r) => ({ ...r, kind: 'unknown' as const, taskId: undefined, reason: 'killed at the timeout' })) : failures,
    rawTail: run.report.rawTail,
    durationMs: run.result.durationMs,
    sandboxed: run.result.sandboxed,
  };
}

/**
 * A test its implementation's owner disputed in the last fix round goes to the test's author
 * instead (with both sides in the fix request); the owner is not asked again to pass it.
 */
function redirectDisputed(session: RunSession, failures: readonly AttributedFailureRecord[]): AttributedFailureRecord[] {
  const disputes = session.state.tests.disputes;
  if (disputes.length === 0) return [...failures];
  const owners = testAuthors(session);
  return failures.map((f) => {
    const dispute = [...disputes].reverse().find((d) => d.test === f.test && d.taskId === f.taskId);
    const author = f.testFile === undefined ? undefined : owners.get(f.testFile);
    if (!dispute || author === undefined || author === f.taskId || f.kind !== 'routed') return f;
    return { ...f, taskId: author, reason: `${dispute.taskId} disputes this test: ${dispute.reason}`, runnerUp: { taskId: dispute.taskId, reason: f.reason } };
  });
}

/** The request and the plan in words: what the code was asked to do. */
function specOf(session: RunSession): string {
  const plan = session.state.plan;
  return [session.state.request, plan?.summary ?? '', ...(plan?.tasks ?? []).map((t) => `${t.title}\n${t.description}`)].join('\n');
}

/** Test files the QA role wrote or changed in this run → its task. */
function testAuthors(session: RunSession): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of Object.values(session.state.tasks)) {
    if (t.task.role !== 'qa') continue;
    for (const c of t.changes) out.set(c.path, t.task.id);
  }
  return out;
}

function groupRouted(failures: readonly AttributedFailureRecord[]): Map<string, AttributedFailureRecord[]> {
  const byTask = new Map<string, AttributedFailureRecord[]>();
  for (const f of failures) {
    if (f.kind !== 'routed' || !f.taskId) continue;
    byTask.set(f.taskId, [...(byTask.get(f.taskId) ?? []), f]);
  }
  return byTask;
}

/** Fix requests go out in parallel, up to the concurrency limit; after a failure none is started, and it is rethrown once the others end. */
async function fixAll(options: TestLoopOptions, round: number, routed: Map<string, AttributedFailureRecord[]>, signal: AbortSignal): Promise<void> {
  const queue = [...routed];
  let stopped: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next && !stopped; next = queue.shift()) {
      const [taskId, failures] = next;
      try {
        await options.session.emit({ type: 'failure.routed', round, taskId, tests: failures.map((f) => f.test), files: [...new Set(failures.flatMap((f) => (f.file ? [f.file] : [])))] });
        await fixOne(options, taskId, round, failures, signal);
      } catch (error) {
        stopped ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, routed.size)) }, worker));
  if (stopped) throw stopped.error;
}

async function fixOne(options: TestLoopOptions, taskId: string, round: number, failures: readonly AttributedFailureRecord[], signal: AbortSignal): Promise<void> {
  const { session, squad } = options;
  const state = session.state.tasks[taskId];
  if (!state) return;
  if (!session.events.some((e) => e.type === 'fix.started' && e.taskId === taskId && e.round === round)) {
    await session.emit({ type: 'fix.started', taskId, round });
  }
  const authors = testAuthors(session);
  // Tests written in this run by someone else are the specification: this task may dispute them, not rewrite them.
  const specs = failures.filter((f) => f.testFile !== undefined && authors.has(f.testFile) && authors.get(f.testFile) !== taskId);
  const disputes = session.state.tests.disputes.filter((d) => failures.some((f) => f.test === d.test) && d.taskId !== taskId);
  const ownDiff = [...squad.changes.changes(taskId)].map(([path, c]) => unifiedDiff(computeFileDiff(path, c.base, c.content))).join('\n');
  const request = fixRequestMessage({
    task: state.task,
    round,
    maxRounds: options.maxFixRounds,
    command: options.execution.command.command,
    failures,
    ...(state.summary ? { summary: state.summary } : {}),
    ownDiff,
    specTests: specs.map((f) => ({ test: f.test, author: authors.get(f.testFile!)! })),
    disputes: disputes.map((d) => ({ test: d.test, by: d.taskId, reason: d.reason })),
  });
  const before = await testTexts(options, failures);
  try {
    const result = await squad.fix(taskId, round, request, signal, specs.map((f) => f.test));
    await recordWeakened(options, taskId, round, failures, before);
    await session.emit(
      result.outcome === 'proposed'
        ? { type: 'fix.finished', taskId, round, outcome: 'revised', summary: result.summary }
        : { type: 'fix.finished', taskId, round, outcome: 'failed', reason: result.reason, ...(result.code ? { code: result.code } : {}) },
    );
  } catch (err) {
    const cancelled = isSquadError(err, 'cancelled') || signal.aborted;
    const reason = err instanceof Error ? err.message : String(err);
    await session.emit({ type: 'fix.finished', taskId, round, outcome: cancelled ? 'cancelled' : 'failed', reason, code: cancelled ? 'cancelled' : isSquadError(err) ? err.code : 'internal' });
    if (isPermanentModelError(err)) throw err;
  }
}

/** The failing tests' files as the fix found them (the squad's final view). */
async function testTexts(options: TestLoopOptions, failures: readonly AttributedFailureRecord[]): Promise<Map<string, string | undefined>> {
  const paths = [...new Set(failures.flatMap((f) => (f.testFile !== undefined ? [f.testFile] : [])))];
  const view = await finalView(options);
  const out = new Map<string, string | undefined>();
  for (const p of paths) out.set(p, view.has(p) ? view.get(p)!.content : await readWorkspace(options.workspace, p));
  return out;
}

async function recordWeakened(options: TestLoopOptions, taskId: string, round: number, failures: readonly AttributedFailureRecord[], before: ReadonlyMap<string, string | undefined>): Promise<void> {
  const view = await finalView(options);
  for (const [file, was] of before) {
    const now = view.has(file) ? view.get(file)!.content : await readWorkspace(options.workspace, file);
    if (now === was || !isTestPath(file) && !failures.some((f) => f.testFile === file)) continue;
    const weakening = weakenedTests(was, now, failures.filter((f) => f.testFile === file).map((f) => f.test));
    if (weakening) await options.session.emit({ type: 'test.weakened', taskId, round, file, tests: [...weakening.tests], assertions: [...weakening.assertions] });
  }
}

async function finalView(options: TestLoopOptions): Promise<Map<string, FinalFile>> {
  return new Map((await finalFiles(options.squad.changes, options.squad.settledOrder())).map((f) => [f.path, f]));
}

async function readWorkspace(workspace: Workspace, path: string): Promise<string | undefined> {
  const stat = await workspace.stat(path);
  if (stat?.type !== 'file') return undefined;
  return new TextDecoder().decode(await workspace.readFile(path));
}

/**
 * After a crash: finish the fix requests of the last round that were sent but not answered, and run
 * again those a model error or a cancel stopped (replaying their recorded turns); returns the round to test.
 */
async function resumePendingFixes(options: TestLoopOptions, signal: AbortSignal): Promise<number> {
  const events = options.session.events;
  let lastRound = 0;
  for (const e of events) if (e.type === 'failure.routed') lastRound = Math.max(lastRound, e.round);
  if (lastRound === 0) return 0;
  const previous = [...events].reverse().find((e) => e.type === 'tests.finished' && e.round === lastRound - 1);
  const failures = previous?.type === 'tests.finished' ? previous.failures : [];
  const again = new Map(fixesToResume(options.session.state, events).map((f) => [f.taskId, f.keepTurns]));
  for (const taskId of new Set(events.flatMap((e) => (e.type === 'failure.routed' && e.round === lastRound ? [e.taskId] : [])))) {
    const keepTurns = again.get(taskId);
    const done = keepTurns === undefined && events.some((f) => f.type === 'fix.finished' && f.taskId === taskId && f.round === lastRound);
    if (done) continue;
    if (keepTurns !== undefined) await options.session.emit({ type: 'fix.retried', taskId, round: lastRound, keepTurns });
    await fixOne(options, taskId, lastRound, failures.filter((f) => f.taskId === taskId && f.kind === 'routed'), signal);
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

/** Which tasks' roles own a path, from the roster's owned globs; nothing when no role owns any. */
function ownedByOf(session: RunSession): { ownedBy?: (path: string) => readonly string[] } {
  const areas = ownedAreas(session.state.roster);
  if (!areas.any) return {};
  const tasks = Object.values(session.state.tasks).map((t) => t.task);
  return {
    ownedBy: (path) => {
      const roles = areas.rolesOwning(path);
      return tasks.filter((t) => roles.includes(t.role)).map((t) => t.id);
    },
  };
}
