/**
 * The run's state as the sidebar's view model (src/protocol; the test loop's part is in
 * projectTests.ts). Pure: no `vscode`, so it runs in unit tests and benchmarks. The expensive parts
 * (diffs) are computed by the core's review selectors and reused by the tracker (tracker.ts) while
 * a task's proposal is unchanged.
 */
import type { UsageTotals, RunState } from '../../core/run/reduce';
import type { TaskState, ToolActivity } from '../../core/run/taskState';
import type { ReviewFile } from '../../core/review/tree';
import type { ViewActivity, ViewFile, ViewInstruction, ViewRun, ViewTask, ViewUsage, Verdict } from '../../protocol/messages';
import type { InstructionsRecord } from '../../core/instructions/types';
import type { RunDisplay } from '../../protocol/viewModel';
import { cancelledAtGate, deriveRunDisplay } from '../host/runDisplay';
import { projectEstimate } from './projectEstimate';

const NO_USAGE: ViewUsage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, calls: 0, cost: 0, knownCost: 0 };

export function viewUsage(totals: UsageTotals | undefined): ViewUsage {
  if (!totals) return NO_USAGE;
  return { ...totals.tokens, calls: totals.calls, cost: totals.cost ?? null, knownCost: totals.knownCost };
}

/**
 * The plan waits at the gate: proposed, not approved, nobody working (`squad plan` stops at
 * 'planned'). A run cancelled at the gate keeps it: its Run still goes on from there.
 */
export function awaitingApproval(display: RunDisplay, state: RunState): boolean {
  return display.phase === 'awaiting-approval' || (!display.live && cancelledAtGate(state));
}

export interface ReviewCounts {
  readonly hunks: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly undecided: number;
  readonly toApply: number;
}

/** `busy`: this window's controller works on the run (live; otherwise a run without an end is interrupted). */
export function projectRun(state: RunState, busy: boolean, counts: ReviewCounts): ViewRun {
  const display = deriveRunDisplay(state, busy);
  return {
    runId: state.runId,
    request: state.request,
    status: state.status,
    awaitingApproval: awaitingApproval(display, state),
    busy,
    display,
    roles: [...state.roles],
    roleSources: Object.fromEntries(state.roster.map((r) => [r.name, r.source])),
    ...(state.plan ? { planSummary: state.plan.summary } : {}),
    planAttempts: state.planAttempts,
    problems: [...state.lastProblems],
    ...(state.error ? { error: { code: state.error.code, message: state.error.message, details: [...state.error.details] } } : {}),
    ...(state.startedAt !== undefined ? { startedAt: state.startedAt } : {}),
    ...(state.finishedAt !== undefined ? { finishedAt: state.finishedAt } : {}),
    usage: viewUsage(state.usage),
    ...(state.estimate ? { estimate: projectEstimate(state.estimate) } : {}),
    review: {
      ...counts,
      applies: state.review.applies.map((a) => ({ checkpointId: a.checkpointId, at: a.at, files: a.files.length, rolledBack: a.rolledBack })),
      ...(state.review.notApplied ? { notApplied: { reason: state.review.notApplied.reason, kind: state.review.notApplied.kind, problems: [...state.review.notApplied.problems] } } : {}),
    },
  };
}

/** `weakened`: tests this task's fixes loosened (projectTests.ts `weakenedByTask`). */
/**
 * `stoppedAt`: the run has no live worker and stood still at that time (its last event): a task
 * still running in the journal is shown interrupted, its clock stopped there.
 */
export function projectTask(t: TaskState, usage: UsageTotals | undefined, verdict: Verdict, applied: boolean, weakened?: readonly string[], stoppedAt?: number): ViewTask {
  const task = t.task;
  const working = t.status === 'running' || t.status === 'fixing';
  const interrupted = stoppedAt !== undefined && working;
  // A task started again on resume keeps its earlier attempt's end in the state: its clock must run, not stand at 0.
  const finishedAt = interrupted ? stoppedAt : t.status === 'running' ? undefined : t.finishedAt;
  return {
    id: task.id,
    role: task.role,
    title: task.title,
    description: task.description,
    dependsOn: [...task.dependsOn],
    status: t.status,
    ...(t.fixRound !== undefined ? { fixRound: t.fixRound } : {}),
    ...(interrupted ? { interrupted } : {}),
    ...(t.model !== undefined ? { model: t.model } : {}),
    usage: viewUsage(usage),
    ...(t.startedAt !== undefined ? { startedAt: t.startedAt } : {}),
    ...(finishedAt !== undefined ? { finishedAt } : {}),
    ...(t.summary !== undefined ? { summary: t.summary } : {}),
    ...(t.reason !== undefined ? { reason: t.reason } : {}),
    ...(t.blockedBy !== undefined ? { blockedBy: [...t.blockedBy] } : {}),
    verdict,
    applied,
    // The live counts of the proposal, also while the task is still working on it.
    added: t.files.reduce((n, f) => n + f.added, 0),
    removed: t.files.reduce((n, f) => n + f.removed, 0),
    history: t.history.map((h) => ({ round: h.round, outcome: h.outcome, ...(h.summary !== undefined ? { summary: h.summary } : {}) })),
    ...(weakened && weakened.length > 0 ? { weakened: [...weakened] } : {}),
    ...(t.instructions && t.instructions.length > 0 ? { instructions: projectInstructions(t.instructions) } : {}),
  };
}

/** Each file once, with what the latest round that used it did with it; duplicates (the same text as another) are not shown. */
export function projectInstructions(rounds: readonly InstructionsRecord[]): ViewInstruction[] {
  const latest = new Map<string, ViewInstruction>();
  for (const r of rounds) {
    for (const f of r.files) if (f.status !== 'duplicate') latest.set(f.path, { path: f.path, status: f.status, why: f.why });
  }
  return [...latest.values()];
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
