/**
 * The accepted selection as the sidebar shows it: whether it differs from what the tests ran on
 * (with the run on exactly this selection, when there is one) and the accepted tasks that depend
 * on rejected ones. Pure, like project.ts. The tracker passes the hunk decisions it counted
 * already (no file is diffed again here), and recomputes only when the review, the tests or a
 * proposal changed; the selection is layered only to match a selection run.
 */
import { dependencyWarning, dependentsOfRejected } from '../../core/review/dependents';
import { reviewFiles, verdictOf, type ReviewFile, type ReviewTask } from '../../core/review/tree';
import { hunkDecision } from '../../core/run/reviewState';
import type { FileChangeRecord } from '../../core/run/taskState';
import { selectionTestStatus, type TaskDecisionCounts } from '../../core/review/testedSelection';
import type { RunState } from '../../core/run/reduce';
import type { SelectionRunRecord } from '../../core/run/testState';
import type { ViewSelection, ViewSelectionRun } from '../../protocol/messages';

/** Failures a selection run lists in the view; the counts say how many there are. */
export const MAX_SELECTION_FAILURES = 10;

export interface SelectionView {
  readonly selection?: ViewSelection;
  readonly dependencyWarnings: readonly string[];
}

/**
 * The review tree with each proposal diffed once: a file's hunks stay while its task's proposal
 * is the same array (the run's state is immutable); only the decisions are read again.
 */
export class ReviewDiffCache {
  private readonly diffs = new WeakMap<readonly FileChangeRecord[], readonly ReviewFile[]>();

  tree(state: RunState): ReviewTask[] {
    return state.settled.flatMap((taskId) => {
      const task = state.tasks[taskId];
      if (!task || task.changes.length === 0) return [];
      let files = this.diffs.get(task.changes);
      if (!files) this.diffs.set(task.changes, (files = reviewFiles(state, task)));
      const decided = files.map((f) => {
        const hunks = f.hunks.map((h) => ({ hunk: h.hunk, decision: hunkDecision(state.review, taskId, f.path, h.hunk.id) }));
        return { ...f, hunks, verdict: verdictOf(hunks.map((h) => h.decision)) };
      });
      return [{ taskId, role: task.task.role, title: task.task.title, files: decided, verdict: verdictOf(decided.flatMap((f) => f.hunks.map((h) => h.decision))) }];
    });
  }
}

export function projectSelection(state: RunState, counts: ReadonlyMap<string, TaskDecisionCounts>, diffs: ReviewDiffCache = new ReviewDiffCache()): SelectionView {
  const dependencyWarnings = dependentsOfRejected(state, counts).map((d) => dependencyWarning(state, d));
  const status = selectionTestStatus(state, counts, () => diffs.tree(state));
  if (status.kind !== 'differs') return { dependencyWarnings };
  return {
    dependencyWarnings,
    selection: {
      reasons: [...status.reasons],
      conflicts: status.conflicts,
      ...(status.run ? { run: projectSelectionRun(status.run) } : {}),
      staleRun: status.staleRun,
    },
  };
}

export function projectSelectionRun(run: SelectionRunRecord): ViewSelectionRun {
  return {
    at: run.at,
    passed: run.passed,
    failed: run.failed,
    skipped: run.skipped,
    timedOut: run.timedOut,
    exitCode: run.exitCode,
    sandboxed: run.sandboxed,
    durationMs: run.durationMs,
    failures: run.failures.slice(0, MAX_SELECTION_FAILURES).map((f) => ({ test: f.test, message: f.message.split('\n', 1)[0] ?? '', preExisting: f.kind === 'pre-existing' })),
    ...(run.cannotRun ? { cannotRun: { ...run.cannotRun } } : {}),
  };
}
