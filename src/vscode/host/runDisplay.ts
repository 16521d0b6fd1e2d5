/**
 * THE one place that says where a run stands for the user: its phase, label, task counts, whether
 * Resume is offered, its work time and its error line. The sidebar's header (view/project.ts) and
 * the status bar (statusText.ts) both show what this returns, so they cannot disagree. Pure.
 *
 * `live`: this window's controller works on the run now. A run whose journal has no end and that
 * nobody works on is interrupted (the window closed, the extension host stopped), whatever its
 * journaled status says; a live run is working, even if its journal still ends on an earlier stop
 * (a cancelled run being resumed).
 */
import type { RunState } from '../../core/run/reduce';
import type { TaskState } from '../../core/run/taskState';
import type { DisplayPhase, RunDisplay } from '../../protocol/viewModel';
import { formatUsage } from '../../protocol/numbers';
import { runPhase } from './runList';

/** Failures that the same run cannot get past by trying again: the request itself was refused. */
const NOT_RESUMABLE: ReadonlySet<string> = new Set(['config/invalid', 'llm/context_length', 'journal/corrupt', 'run/not_found']);

const LABELS: Record<DisplayPhase, string> = {
  planning: 'Planning',
  'awaiting-approval': 'Plan ready for review',
  running: 'Running',
  testing: 'Testing',
  'tests-wait': 'Tests wait for your answer',
  'budget-wait': 'Budget reached: waits for your answer',
  interrupted: 'Interrupted',
  cancelled: 'Cancelled',
  failed: 'Failed',
  incomplete: 'Incomplete',
  completed: 'Completed',
};

/** A task that an agent works on now (live) or worked on when the run stopped without an end. */
const isWorking = (t: TaskState) => t.status === 'running' || t.status === 'fixing';

export function deriveRunDisplay(state: RunState, live: boolean): RunDisplay {
  const phase = displayPhase(state, live);
  const counts = countTasks(state, live);
  const u = state.usage;
  const tokens = u.tokens.input + u.tokens.output + u.tokens.cacheRead + u.tokens.cacheWrite;
  const error = phase === 'failed' && state.error ? foldError(state.error.code, state.error.message, state.error.details) : undefined;
  return {
    phase,
    live,
    label: LABELS[phase],
    progress: progressLine(state, phase, counts, false),
    progressShort: progressLine(state, phase, counts, true),
    counts,
    usage: formatUsage(tokens, u.calls, u.cost ?? null),
    resume: offersResume(state, phase),
    elapsed: elapsed(state, live),
    ...(error ? { error } : {}),
  };
}

/** A plan not approved when the run was cancelled: the gate's Run still goes on from it. */
export function cancelledAtGate(state: RunState): boolean {
  return state.plan !== undefined && !state.planApproved && state.status === 'cancelled';
}

function displayPhase(state: RunState, live: boolean): DisplayPhase {
  if (live) {
    // The planner's calls are held at the budget too.
    if (state.budget.pending) return 'budget-wait';
    if (!state.plan || !state.planApproved) return 'planning';
    if (state.tests.approval.pending) return 'tests-wait';
    if (state.tests.rounds.some((r) => r.status === 'running')) return 'testing';
    return 'running';
  }
  // The Resume picker's phase, told apart where the display says more: a gate left by Cancel reads
  // "cancelled" here (the picker reopens the gate), and a finished run reads "completed".
  const settled = runPhase(state);
  if (settled === 'awaiting-approval') return state.status === 'cancelled' ? 'cancelled' : 'awaiting-approval';
  if (settled === 'finished') return state.plan && !state.planApproved ? 'awaiting-approval' : 'completed';
  return settled;
}

function offersResume(state: RunState, phase: DisplayPhase): boolean {
  switch (phase) {
    case 'interrupted':
    case 'incomplete':
      return true;
    case 'cancelled':
      // At the gate the plan's own Run goes on; Resume would only say so.
      return !cancelledAtGate(state);
    case 'failed':
      return !state.error || !NOT_RESUMABLE.has(state.error.code);
    default:
      return false;
  }
}

function countTasks(state: RunState, live: boolean): RunDisplay['counts'] {
  const counts = { total: 0, done: 0, working: 0, failed: 0, blocked: 0, cancelled: 0, interrupted: 0 };
  for (const t of Object.values(state.tasks)) {
    counts.total++;
    if (t.status === 'proposed') counts.done++;
    else if (isWorking(t)) counts[live ? 'working' : 'interrupted']++;
    else if (t.status === 'failed') counts.failed++;
    else if (t.status === 'blocked') counts.blocked++;
    else if (t.status === 'cancelled') counts.cancelled++;
  }
  return counts;
}

function progressLine(state: RunState, phase: DisplayPhase, c: RunDisplay['counts'], short: boolean): string {
  if (c.total === 0) {
    if (phase === 'planning' && state.planAttempts > 1) return `attempt ${state.planAttempts}`;
    return '';
  }
  if (cancelledAtGate(state)) return 'plan not approved';
  const parts = [short ? `${c.done}/${c.total} done` : `${c.done} of ${c.total} tasks done`];
  const more: Array<[number, string]> = [
    [c.working, 'working'],
    [c.interrupted, 'interrupted'],
    [c.failed, 'failed'],
    [c.blocked, 'blocked'],
    [c.cancelled, 'cancelled'],
  ];
  for (const [n, word] of more) if (n > 0) parts.push(`${n} ${word}`);
  return parts.join(' · ');
}

function elapsed(state: RunState, live: boolean): RunDisplay['elapsed'] {
  const clock = state.clock;
  if (clock.since === undefined) return { bankedMs: clock.workedMs };
  // The clock runs only while this window works on the run; otherwise it stops at the last event.
  if (live) return { bankedMs: clock.workedMs, since: clock.since };
  return { bankedMs: clock.workedMs + Math.max(0, (clock.lastAt ?? clock.since) - clock.since) };
}

const HEADLINE_MAX = 140;

/**
 * One readable line and the rest folded: a provider's refusal reads "OpenAI (gpt-x) rejected the
 * request (HTTP 400)." with its body and hint as details, not as a paragraph of raw text.
 */
export function foldError(code: string, message: string, details: readonly string[]): NonNullable<RunDisplay['error']> {
  const text = message.replace(/\s+/g, ' ').trim();
  const colon = text.indexOf(': ');
  let headline = text;
  const folded: string[] = [];
  if (colon > 0 && colon <= HEADLINE_MAX && text.length > colon + 2) {
    headline = `${text.slice(0, colon)}.`;
    folded.push(text.slice(colon + 2));
  } else if (text.length > HEADLINE_MAX) {
    headline = `${text.slice(0, HEADLINE_MAX - 1)}…`;
    folded.push(text);
  }
  return { code, headline, details: [...folded, ...details] };
}
