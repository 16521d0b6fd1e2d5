/**
 * How long a run has worked, from its events: the time it waits for the user (the plan gate, the
 * test command question, the budget question) and the time it stood stopped (cancelled, failed or interrupted, then
 * resumed) do not count. Folded by the reducer like the rest of the state, so every front end reads the same clock.
 */
import type { RunEvent } from './events';

export interface RunClock {
  /** Work time of the stretches that ended (the run reached a gate or stopped). */
  readonly workedMs: number;
  /** When the current stretch of work started; absent while the run waits or stands stopped. */
  readonly since?: number;
  /** The last event's time: where the clock of a run nobody works on any more stands still. */
  readonly lastAt?: number;
}

export const INITIAL_RUN_CLOCK: RunClock = { workedMs: 0 };

/** Events after which the run waits for the user or stands stopped. */
const PAUSES: ReadonlySet<RunEvent['type']> = new Set(['plan.proposed', 'tests.approvalRequested', 'budget.reached', 'run.finished', 'run.failed']);

/**
 * Events that begin work: only these start the clock again after a pause or a stop. Stragglers of
 * a cancel (a late usage record, a task's cancelled end) may arrive after the run's end and must
 * not start it.
 */
const STARTS: ReadonlySet<RunEvent['type']> = new Set([
  'run.started',
  'plan.requested',
  'plan.approved',
  'task.retried',
  'task.started',
  'fix.started',
  'fix.retried',
  'tests.approvalDecided',
  'budget.decided',
  'tests.configured',
  'tests.started',
  'tests.selectionRun',
]);

/** The user's own actions (review, apply, plan edits) happen at any time: they do not move the clock. */
const USER_SIDE: ReadonlySet<RunEvent['type']> = new Set([
  'review.decided',
  'revision.requested',
  'changes.applied',
  'changes.rolledBack',
  'changes.notApplied',
  'plan.edited',
]);

/**
 * `resumed`: the event starts work again on a run that stopped without an end (a task retried, or
 * started again while the journal still has it running): the stretch before it ended at its last
 * event, and the time the window stood closed is not work.
 */
export function tickClock(clock: RunClock, event: RunEvent, resumed = false): RunClock {
  const at = event.at;
  if (USER_SIDE.has(event.type)) return clock;
  if (resumed && clock.since !== undefined) {
    const worked = clock.workedMs + Math.max(0, (clock.lastAt ?? clock.since) - clock.since);
    return { workedMs: worked, since: at, lastAt: at };
  }
  if (PAUSES.has(event.type)) {
    const worked = clock.since === undefined ? clock.workedMs : clock.workedMs + Math.max(0, at - clock.since);
    return { workedMs: worked, lastAt: at };
  }
  if (clock.since !== undefined) return { ...clock, lastAt: at };
  return STARTS.has(event.type) ? { workedMs: clock.workedMs, since: at, lastAt: at } : clock;
}
