/**
 * How a resumed run retries what stopped: which recorded turns a task's new attempt, or a fix
 * round run again, may replay. A turn the model answered is paid for; it is asked again only when
 * replaying it would lead to the same failure.
 */
import type { RunEvent } from './events';
import type { RunState } from './reduce';
import type { TaskState } from './taskState';
import type { ModelReplyRecord } from './taskEvents';

/** The model call itself failed (after its retries): the replies recorded before it are sound. */
const CALL_FAILED = new Set(['llm/auth', 'llm/rate_limited', 'llm/network', 'llm/timeout', 'llm/server', 'llm/bad_output', 'config/invalid']);

export interface RetryPlan {
  /** Drop every recorded turn (unless `keepTurns` says how many stay). */
  readonly fresh: boolean;
  readonly keepTurns?: number;
}

/** For a task that failed, was blocked or was cancelled. */
export function retryOf(t: TaskState): RetryPlan {
  // Cancelled or blocked: nothing went wrong in its own turns.
  if (t.status !== 'failed') return { fresh: false };
  const keep = turnsToKeep(t, 0, t.turns, t.code) ?? 0;
  if (keep === t.turns.length && keep > 0) return { fresh: false };
  return keep > 0 ? { fresh: true, keepTurns: keep } : { fresh: true };
}

/** The fixes of the last round that a resume runs again, with the turns each keeps. */
export function fixesToResume(state: RunState, events: readonly RunEvent[]): { readonly taskId: string; readonly round: number; readonly keepTurns: number }[] {
  let round = 0;
  for (const e of events) if (e.type === 'failure.routed') round = Math.max(round, e.round);
  if (round === 0) return [];
  const out: { taskId: string; round: number; keepTurns: number }[] = [];
  for (const taskId of new Set(events.flatMap((e) => (e.type === 'failure.routed' && e.round === round ? [e.taskId] : [])))) {
    const last = events.findLast((e) => e.type === 'fix.finished' && e.taskId === taskId && e.round === round);
    const t = state.tasks[taskId];
    if (last?.type !== 'fix.finished' || last.outcome === 'revised' || !t) continue;
    const turns = t.fixTurns[round] ?? [];
    const keep = last.outcome === 'cancelled' ? turns.length : turnsToKeep(t, round, turns, last.code);
    if (keep !== undefined) out.push({ taskId, round, keepTurns: keep });
  }
  return out;
}

/**
 * How many recorded turns an attempt that failed with `code` keeps: all when a model call failed,
 * those before the closing streak of replies that achieved nothing when it stopped making progress,
 * none otherwise (out of turns or tokens, a conflict, a context too long: replaying ends the same
 * way). Undefined for a fix round that should not run again.
 */
function turnsToKeep(t: TaskState, round: number, turns: readonly ModelReplyRecord[], code: string | undefined): number | undefined {
  if (CALL_FAILED.has(code ?? '')) return turns.length;
  if (code === 'agent/no_progress') {
    const keep = turnsBeforeFailingStreak(t, round, turns);
    // No such streak: it looped on calls that worked, which replaying would repeat.
    return keep < turns.length ? keep : round === 0 ? 0 : undefined;
  }
  return round === 0 ? 0 : undefined;
}

/** The turns before the trailing streak of replies whose every call failed (or that made none). */
function turnsBeforeFailingStreak(t: TaskState, round: number, turns: readonly ModelReplyRecord[]): number {
  let keep = turns.length;
  while (keep > 0) {
    const turn = keep - 1;
    const calls = turns[turn]?.toolCalls ?? [];
    const failed = calls.every((c) => t.activity.some((a) => a.round === round && a.turn === turn && a.callId === c.id && a.isError));
    if (!failed) break;
    keep = turn;
  }
  return keep;
}
