/**
 * Where a run stands, read from its projection: waiting at the plan gate, interrupted (the window
 * closed while it worked), finished. The Resume Run picker and the host's resume decide from here.
 */
import type { RunState } from '../../core/run/reduce';
import { usageText } from './eventLines';

export type RunPhase =
  /** The plan is there and waits for Approve Plan. */
  | 'awaiting-approval'
  /** It was planning or running when it stopped (window closed, extension host crashed). */
  | 'interrupted'
  | 'cancelled'
  | 'failed'
  /** Some tasks failed or were blocked: resuming gives them another attempt; the rest is ready for review. */
  | 'incomplete'
  /** Every task proposed: its changes are ready for review. */
  | 'finished';

/** The phase of a run that is not working now. */
export function runPhase(state: RunState): RunPhase {
  if (state.plan && !state.planApproved && (state.status === 'planning' || state.status === 'cancelled')) return 'awaiting-approval';
  switch (state.status) {
    case 'idle':
    case 'planning':
    case 'running':
      return 'interrupted';
    case 'cancelled':
      return 'cancelled';
    case 'failed':
      return 'failed';
    case 'incomplete':
      return 'incomplete';
    default:
      return 'finished';
  }
}

/** A plan waits at the gate now: awaiting approval, and not left there by Cancel (Resume reopens such a gate). */
export function waitsAtGate(state: RunState): boolean {
  return runPhase(state) === 'awaiting-approval' && state.status !== 'cancelled';
}

/** Resume Run continues these phases; a finished run is only opened. */
export function canContinue(phase: RunPhase): boolean {
  return phase === 'interrupted' || phase === 'cancelled' || phase === 'failed' || phase === 'incomplete';
}

export interface RunSummary {
  readonly runId: string;
  readonly request: string;
  readonly phase: RunPhase;
  readonly startedAt?: number;
  readonly tasks: number;
  readonly proposed: number;
  /** One line: phase, tasks, usage. */
  readonly description: string;
}

const PHASE_WORDS: Record<RunPhase, string> = {
  'awaiting-approval': 'plan awaits approval',
  interrupted: 'interrupted',
  cancelled: 'cancelled',
  failed: 'failed',
  incomplete: 'incomplete: some tasks did not finish',
  finished: 'finished',
};

export function summarizeRun(state: RunState): RunSummary {
  const phase = runPhase(state);
  const tasks = Object.values(state.tasks);
  const proposed = tasks.filter((t) => t.status === 'proposed').length;
  const status = phase === 'finished' || phase === 'incomplete' ? state.status : PHASE_WORDS[phase];
  const parts = [status, ...(tasks.length > 0 ? [`${proposed}/${tasks.length} tasks proposed`] : []), usageText(state)];
  if (phase === 'failed' && state.error) parts.push(state.error.code);
  return {
    runId: state.runId,
    request: state.request,
    phase,
    ...(state.startedAt !== undefined ? { startedAt: state.startedAt } : {}),
    tasks: tasks.length,
    proposed,
    description: parts.join(' · '),
  };
}
