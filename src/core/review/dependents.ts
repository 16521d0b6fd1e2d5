/**
 * Accepted work that builds on rejected work. A task's plan `dependsOn` says what it was built
 * on; applying it without a task it depends on (directly or through others) may leave code that
 * calls what is not there, or tests of what was left out. Pure: read from the plan and the review.
 */
import type { RunState } from '../run/reduce';
import { decisionCounts, type TaskDecisionCounts } from './testedSelection';

export interface RejectedDependency {
  /** The task rejected, wholly or in part. */
  readonly taskId: string;
  /** Only some of its files or hunks are rejected. */
  readonly partly: boolean;
  /** Tasks with accepted changes that depend on it, directly or transitively, in plan order. */
  readonly dependents: readonly string[];
}

/**
 * Each task with rejected changes that accepted tasks depend on, in plan order. `counts`: each
 * task's hunk decisions (testedSelection.ts), the front end's own when it has them already.
 */
export function dependentsOfRejected(state: RunState, counts: ReadonlyMap<string, TaskDecisionCounts> = decisionCounts(state)): RejectedDependency[] {
  const out: RejectedDependency[] = [];
  for (const id of planOrder(state)) {
    const c = counts.get(id);
    if (!c || c.rejected === 0) continue;
    const dependents = dependentsOf(state, id).filter((d) => (counts.get(d)?.accepted ?? 0) > 0);
    if (dependents.length > 0) out.push({ taskId: id, partly: c.rejected < c.hunks, dependents });
  }
  return out;
}

/** Tasks with accepted changes that depend on `taskId` (what rejecting it would leave without it). */
export function acceptedDependentsOf(state: RunState, taskId: string, counts: ReadonlyMap<string, TaskDecisionCounts> = decisionCounts(state)): string[] {
  return dependentsOf(state, taskId).filter((id) => (counts.get(id)?.accepted ?? 0) > 0);
}

/** "qa (t4)" */
export function taskName(state: RunState, taskId: string): string {
  return `${state.tasks[taskId]?.task.role ?? '?'} (${taskId})`;
}

/** Every task that depends on `taskId`, directly or through other tasks, in plan order. */
export function dependentsOf(state: RunState, taskId: string): string[] {
  const tasks = state.plan?.tasks ?? [];
  const reached = new Set<string>([taskId]);
  // The plan is a DAG (validated): repeat until no task joins; at most one pass per task.
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of tasks) {
      if (reached.has(t.id) || !t.dependsOn.some((d) => reached.has(d))) continue;
      reached.add(t.id);
      grew = true;
    }
  }
  return tasks.map((t) => t.id).filter((id) => id !== taskId && reached.has(id));
}

/** "frontend (t3) is rejected, but qa (t4) and docs (t5) depend on it." */
export function dependencyWarning(state: RunState, d: RejectedDependency): string {
  const name = (id: string) => taskName(state, id);
  const names = d.dependents.map(name);
  const list = names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
  return `${name(d.taskId)} is ${d.partly ? 'partly rejected' : 'rejected'}, but ${list} ${names.length === 1 ? 'depends' : 'depend'} on it.`;
}

function planOrder(state: RunState): string[] {
  return (state.plan?.tasks ?? []).map((t) => t.id);
}
