/**
 * Whether the selection the user accepted is what the tests ran on. The test loop runs on every
 * proposal, as the proposals stood at its last round; an apply writes only the accepted hunks.
 * When the two differ, the loop's verdict does not speak for what would be applied: the user is
 * told so (sidebar, Apply, `squad apply`) and can run the approved command on exactly the
 * accepted selection (tests.selectionRun), whose result holds while the selection's digest does.
 * Pure: a projection of the run's state.
 */
import type { RunState } from '../run/reduce';
import type { SelectionRunRecord } from '../run/testState';
import { acceptedSelection } from './selection';
import { selectionDigest } from './selectionDigest';
import { reviewTree, type ReviewTask } from './tree';

export type SelectionTestStatus =
  /** No test round finished in this run: there is nothing to compare with. */
  | { readonly kind: 'untested' }
  /** Nothing is accepted yet: an apply would write nothing. */
  | { readonly kind: 'nothing-accepted' }
  /** Every proposal is accepted, as the tests saw it: the selection is what they ran on. */
  | { readonly kind: 'same' }
  | {
      readonly kind: 'differs';
      /** What makes it differ, in words: tasks left out or in part, revisions the tests did not see. */
      readonly reasons: readonly string[];
      /** Hunks that cannot be layered (counted when the selection was layered to match a selection run). */
      readonly conflicts: number;
      /** The approved command's run on exactly this selection, when there was one. */
      readonly run?: SelectionRunRecord;
      /** A selection run exists, but on another selection (a decision or a revision since). */
      readonly staleRun: boolean;
    };

/** A task's hunks and how many of them are accepted or rejected (the rest are undecided). */
export interface TaskDecisionCounts {
  readonly hunks: number;
  readonly accepted: number;
  readonly rejected: number;
}

/** Per task with a proposal, its hunks' decisions (from the review tree: every file diffed). */
export function decisionCounts(state: RunState): Map<string, TaskDecisionCounts> {
  const out = new Map<string, TaskDecisionCounts>();
  for (const task of reviewTree(state)) {
    const hunks = task.files.flatMap((f) => f.hunks);
    out.set(task.taskId, { hunks: hunks.length, accepted: hunks.filter((h) => h.decision === 'accepted').length, rejected: hunks.filter((h) => h.decision === 'rejected').length });
  }
  return out;
}

/**
 * Compares the accepted selection with what the last finished test round ran on: every proposal
 * as it stood then. Accepting every hunk of proposals not revised since is exactly that; anything
 * less differs. Only when a selection run exists is the selection layered, to see whether that
 * run was on exactly it (its digest). `counts` and `tree`: the front end's own, when it has
 * them already (the sidebar keeps the diffs of unchanged proposals).
 */
export function selectionTestStatus(
  state: RunState,
  counts: ReadonlyMap<string, TaskDecisionCounts> = decisionCounts(state),
  tree: () => readonly ReviewTask[] = () => reviewTree(state),
): SelectionTestStatus {
  const tests = state.tests;
  if (!tests.rounds.some((r) => r.status === 'finished')) return { kind: 'untested' };
  const all = [...counts.values()];
  if (all.every((c) => c.accepted === 0)) return { kind: 'nothing-accepted' };
  const revised = tests.revisedAfterRound === true || tests.settled?.stale === true;
  if (!revised && all.every((c) => c.accepted === c.hunks)) return { kind: 'same' };
  const reasons = [...leftOut(state, counts), ...(revised ? ['proposals were revised after the tests ran'] : [])];
  const last = tests.selectionRun;
  if (!last) return { kind: 'differs', reasons, conflicts: 0, staleRun: false };
  const selection = acceptedSelection(state, tree());
  const matches = selectionDigest(selection) === last.digest;
  return { kind: 'differs', reasons, conflicts: selection.conflicts.length, ...(matches ? { run: last } : {}), staleRun: !matches };
}

/** Whether a selection run passed: it ran its tests, none failed, the command exited 0. */
export function selectionRunPassed(run: SelectionRunRecord): boolean {
  return run.exitCode === 0 && run.failed === 0 && !run.timedOut && run.cannotRun === undefined;
}

/** "1 passed, 1 failed: test/label.test.js" — the CLI, the notifications and the apply question say it alike. */
export function selectionRunWords(run: SelectionRunRecord): string {
  if (run.cannotRun) return `the tests could not run: ${run.cannotRun.reason} ${run.cannotRun.hint}`;
  const counts = `${run.passed} passed, ${run.failed} failed${run.skipped ? `, ${run.skipped} skipped` : ''}${run.timedOut ? ' (timed out)' : ''}`;
  const names = run.failures.slice(0, 5).map((f) => f.test);
  if (names.length > 0) return `${counts}: ${names.join('; ')}${run.failures.length > names.length ? '; …' : ''}`;
  return run.exitCode !== 0 && run.failed === 0 ? `${counts}; the command exited ${String(run.exitCode)}` : counts;
}

/** "frontend (t3) rejected", "backend (t2): 2 of 5 hunks not accepted", in the order the tasks settled. */
function leftOut(state: RunState, counts: ReadonlyMap<string, TaskDecisionCounts>): string[] {
  const out: string[] = [];
  for (const taskId of state.settled) {
    const c = counts.get(taskId);
    if (!c || c.accepted === c.hunks) continue;
    const name = `${state.tasks[taskId]?.task.role ?? '?'} (${taskId})`;
    if (c.accepted > 0) out.push(`${name}: ${c.hunks - c.accepted} of ${c.hunks} hunks not accepted`);
    else if (c.rejected === c.hunks) out.push(`${name} rejected`);
    else out.push(`${name} not accepted`);
  }
  return out;
}
