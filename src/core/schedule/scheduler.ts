/**
 * Executes a plan's DAG: a task starts as soon as all its dependencies have proposed their
 * changes (not in waves), up to a concurrency limit. The scheduler only decides what runs; it
 * reads task states from the run's projection and records every decision as an event.
 */
import { isSquadError } from '../common/errors';
import type { Task } from '../plan/schema';
import type { RunSession } from '../run/session';
import type { TaskState } from '../run/taskState';

export type TaskResult =
  | { readonly outcome: 'proposed'; readonly summary: string }
  | { readonly outcome: 'failed'; readonly reason: string; readonly code?: string };

export interface SchedulerOptions {
  readonly concurrency: number;
  readonly signal: AbortSignal;
  /** The model a role's agent uses, recorded on `task.started`. */
  readonly modelFor: (role: string) => string;
  /** Runs one task's agent; throws SquadError('cancelled') when the signal aborts. */
  readonly runTask: (task: Task, signal: AbortSignal) => Promise<TaskResult>;
  /** Two tasks that must not run at once (they would edit the same owned files): the later waits. */
  readonly exclusive?: (a: Task, b: Task) => boolean;
}

export type ExecutionOutcome = 'completed' | 'incomplete' | 'cancelled';

const DONE_BAD = new Set(['failed', 'blocked', 'cancelled']);

export async function executePlan(session: RunSession, options: SchedulerOptions): Promise<ExecutionOutcome> {
  const plan = session.state.plan;
  if (!plan) throw new Error('executePlan needs a proposed plan');
  const running = new Map<string, Promise<void>>();
  const taskState = (id: string): TaskState | undefined => session.state.tasks[id];
  const startedHere = new Set<string>();
  // A task left 'running' by a process that died, or 'cancelled' by a run that was stopped, starts
  // again (once per call: resuming is the user asking to go on); its agent replays recorded turns.
  const restartable = (t: TaskState) => (t.status === 'running' || t.status === 'cancelled') && !startedHere.has(t.task.id);
  // The started event may still be queued behind others, so `running` is what says a task is in hand.
  const startable = (t: TaskState) => !running.has(t.task.id) && (t.status === 'pending' || restartable(t));
  // In hand counts too: a restarted task reads 'cancelled' until its started event lands.
  const willRestart = (id: string) => {
    const state = taskState(id);
    return running.has(id) || (state !== undefined && restartable(state));
  };

  for (;;) {
    if (options.signal.aborted) break;
    await blockDependentsOfFailures(session, plan.tasks, willRestart);
    for (const task of plan.tasks) {
      if (running.size >= options.concurrency) break;
      const state = taskState(task.id);
      if (!state || !startable(state)) continue;
      if (!task.dependsOn.every((dep) => taskState(dep)?.status === 'proposed')) continue;
      if (options.exclusive && plan.tasks.some((other) => running.has(other.id) && options.exclusive!(task, other))) continue;
      startedHere.add(task.id);
      running.set(task.id, runOne(session, task, options).finally(() => running.delete(task.id)));
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  await Promise.allSettled(running.values());

  if (options.signal.aborted) {
    for (const task of plan.tasks) {
      const status = taskState(task.id)?.status;
      if (status === 'pending' || status === 'running') {
        await session.emit({ type: 'task.finished', taskId: task.id, outcome: 'cancelled', reason: 'The run was cancelled before this task finished.', code: 'cancelled' });
      }
    }
    return 'cancelled';
  }
  // A task left 'fixing' by a crash has a standing proposal: the test loop resumes its fix round.
  return plan.tasks.every((t) => ['proposed', 'fixing'].includes(taskState(t.id)?.status ?? '')) ? 'completed' : 'incomplete';
}

async function runOne(session: RunSession, task: Task, options: SchedulerOptions): Promise<void> {
  await session.emit({ type: 'task.started', taskId: task.id, role: task.role, model: options.modelFor(task.role) });
  let result: TaskResult;
  try {
    result = await options.runTask(task, options.signal);
  } catch (err) {
    if (isSquadError(err, 'cancelled') || options.signal.aborted) {
      await session.emit({ type: 'task.finished', taskId: task.id, outcome: 'cancelled', reason: 'Cancelled while the agent was working.', code: 'cancelled' });
      return;
    }
    const code = isSquadError(err) ? err.code : 'internal';
    const reason = err instanceof Error ? err.message : String(err);
    await session.emit({ type: 'task.finished', taskId: task.id, outcome: 'failed', reason, code });
    return;
  }
  await session.emit(
    result.outcome === 'proposed'
      ? { type: 'task.finished', taskId: task.id, outcome: 'proposed', summary: result.summary }
      : { type: 'task.finished', taskId: task.id, outcome: 'failed', reason: result.reason, code: result.code },
  );
}

/** Marks every pending task whose dependency failed, was blocked or cancelled (for good); transitively, in plan order. */
async function blockDependentsOfFailures(session: RunSession, tasks: readonly Task[], willRestart: (id: string) => boolean): Promise<void> {
  let changed = true;
  while (changed) {
    changed = false;
    for (const task of tasks) {
      if (session.state.tasks[task.id]?.status !== 'pending') continue;
      const bad = task.dependsOn.filter((dep) => DONE_BAD.has(session.state.tasks[dep]?.status ?? '') && !willRestart(dep));
      if (bad.length === 0) continue;
      const why = bad.map((dep) => `${dep} ${session.state.tasks[dep]?.status}`).join(', ');
      await session.emit({ type: 'task.blocked', taskId: task.id, blockedBy: bad, reason: `Not started: ${why}.` });
      changed = true;
    }
  }
}
