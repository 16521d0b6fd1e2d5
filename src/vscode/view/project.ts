/**
 * The run's state as the sidebar's view model (src/protocol). Pure: no `vscode`, so it runs in unit
 * tests and benchmarks. The expensive parts (diffs) are computed by the core's review selectors and
 * reused by the tracker (tracker.ts) while a task's proposal is unchanged.
 */
import type { UsageTotals, RunState } from '../../core/run/reduce';
import type { TaskState, ToolActivity } from '../../core/run/taskState';
import type { TestLoopState } from '../../core/run/testState';
import type { ReviewFile } from '../../core/review/tree';
import type { ViewActivity, ViewFile, ViewRun, ViewTask, ViewTests, ViewUsage, Verdict } from '../../protocol/messages';

const NO_USAGE: ViewUsage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, calls: 0, cost: 0, knownCost: 0 };

export function viewUsage(totals: UsageTotals | undefined): ViewUsage {
  if (!totals) return NO_USAGE;
  return { ...totals.tokens, calls: totals.calls, cost: totals.cost ?? null, knownCost: totals.knownCost };
}

/** The plan waits at the gate: proposed, neither approved nor finished (`squad plan` stops at 'planned'). */
export function awaitingApproval(state: RunState): boolean {
  return state.plan !== undefined && (state.status === 'planning' || state.status === 'planned');
}

export interface ReviewCounts {
  readonly hunks: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly undecided: number;
  readonly toApply: number;
}

export function projectRun(state: RunState, busy: boolean, counts: ReviewCounts): ViewRun {
  return {
    runId: state.runId,
    request: state.request,
    status: state.status,
    awaitingApproval: awaitingApproval(state),
    busy,
    roles: [...state.roles],
    ...(state.plan ? { planSummary: state.plan.summary } : {}),
    planAttempts: state.planAttempts,
    problems: [...state.lastProblems],
    ...(state.error ? { error: { code: state.error.code, message: state.error.message, details: [...state.error.details] } } : {}),
    ...(state.startedAt !== undefined ? { startedAt: state.startedAt } : {}),
    ...(state.finishedAt !== undefined ? { finishedAt: state.finishedAt } : {}),
    usage: viewUsage(state.usage),
    review: {
      ...counts,
      applies: state.review.applies.map((a) => ({ checkpointId: a.checkpointId, at: a.at, files: a.files.length, rolledBack: a.rolledBack })),
    },
  };
}

export function projectTask(t: TaskState, usage: UsageTotals | undefined, verdict: Verdict, applied: boolean): ViewTask {
  const task = t.task;
  return {
    id: task.id,
    role: task.role,
    title: task.title,
    description: task.description,
    dependsOn: [...task.dependsOn],
    status: t.status,
    ...(t.fixRound !== undefined ? { fixRound: t.fixRound } : {}),
    ...(t.model !== undefined ? { model: t.model } : {}),
    usage: viewUsage(usage),
    ...(t.startedAt !== undefined ? { startedAt: t.startedAt } : {}),
    ...(t.finishedAt !== undefined ? { finishedAt: t.finishedAt } : {}),
    ...(t.summary !== undefined ? { summary: t.summary } : {}),
    ...(t.reason !== undefined ? { reason: t.reason } : {}),
    ...(t.blockedBy !== undefined ? { blockedBy: [...t.blockedBy] } : {}),
    verdict,
    applied,
    // The live counts of the proposal, also while the task is still working on it.
    added: t.files.reduce((n, f) => n + f.added, 0),
    removed: t.files.reduce((n, f) => n + f.removed, 0),
    history: t.history.map((h) => ({ round: h.round, outcome: h.outcome, ...(h.summary !== undefined ? { summary: h.summary } : {}) })),
  };
}

export function projectActivity(a: ToolActivity): ViewActivity {
  return { round: a.round, tool: a.tool, summary: a.summary, isError: a.isError };
}

export function projectFile(f: ReviewFile): ViewFile {
  return {
    path: f.path,
    kind: f.kind,
    added: f.added,
    removed: f.removed,
    verdict: f.verdict,
    hunks: f.hunks.map(({ hunk, decision }) => ({
      id: hunk.id,
      oldStart: hunk.oldStart,
      oldLines: hunk.oldLines,
      newStart: hunk.newStart,
      newLines: hunk.newLines,
      lines: [...hunk.lines],
      decision,
    })),
  };
}

/** Each round with the failures it found and where they went; a fix's result comes from its task. */
export function projectTests(tests: TestLoopState, tasks: RunState['tasks']): ViewTests {
  return {
    ...(tests.command !== undefined ? { command: tests.command } : {}),
    maxFixRounds: tests.maxFixRounds,
    rounds: tests.rounds.map((r) => ({
      round: r.round,
      status: r.status,
      ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}),
      ...(r.timedOut !== undefined ? { timedOut: r.timedOut } : {}),
      passed: r.passed,
      failed: r.failed,
      skipped: r.skipped,
      ...(r.durationMs !== undefined ? { durationMs: r.durationMs } : {}),
      failures: r.failures.map((f) => ({
        test: f.test,
        ...(f.testFile !== undefined ? { testFile: f.testFile } : {}),
        message: f.message,
        ...(f.file !== undefined ? { file: f.file } : {}),
        ...(f.line !== undefined ? { line: f.line } : {}),
        ...(f.taskId !== undefined ? { taskId: f.taskId } : {}),
        kind: f.kind,
        reason: f.reason,
      })),
      // The raw tail only helps when nothing was parsed from a failing run (a null exit code: killed).
      ...(r.rawTail && r.failures.length === 0 && r.status === 'finished' && (r.failed > 0 || r.exitCode !== 0 || r.timedOut === true) ? { rawTail: r.rawTail.slice(-2000) } : {}),
      routed: Object.entries(r.routed).map(([taskId, routedTests]) => ({
        taskId,
        tests: [...routedTests],
        fixRound: r.round + 1,
        outcome: fixOutcome(tasks[taskId], r.round + 1),
      })),
    })),
    ...(tests.settled ? { settled: { ...tests.settled } } : {}),
  };
}

function fixOutcome(task: TaskState | undefined, round: number): 'waiting' | 'fixing' | 'revised' | 'failed' {
  const revision = task?.history.find((h) => h.round === round);
  if (revision) return revision.outcome === 'revised' ? 'revised' : 'failed';
  return task?.status === 'fixing' && task.fixRound === round ? 'fixing' : 'waiting';
}
