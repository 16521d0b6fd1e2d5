/** The test-loop part of the run's projection: one entry per round, and how the loop ended. */
import type { RunEventOf } from './events';
import type { AttributedFailureRecord } from './testEvents';

export interface TestRound {
  readonly round: number;
  readonly status: 'running' | 'finished';
  readonly exitCode?: number | null;
  readonly timedOut?: boolean;
  readonly format?: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly failures: readonly AttributedFailureRecord[];
  readonly rawTail?: string;
  readonly durationMs?: number;
  /** The command ran inside the OS sandbox. */
  readonly sandboxed?: boolean;
  /** taskId → tests sent back to it after this round. */
  readonly routed: Readonly<Record<string, readonly string[]>>;
}

export type ApprovalRequest = Omit<RunEventOf<'tests.approvalRequested'>, 'type' | 'runId' | 'seq' | 'at'>;

export interface TestApprovalState {
  /** A request the user has not answered yet (the loop waits on it). */
  readonly pending?: ApprovalRequest;
  /** Definitions the user allowed, for this run or for the workspace, in order. */
  readonly allowed: readonly ApprovalRequest['definition'][];
  /** The last answer was no. */
  readonly denied: boolean;
}

export type BaselineRecord = Omit<RunEventOf<'tests.baseline'>, 'type' | 'runId' | 'seq' | 'at'>;
export type WeakenedTest = Omit<RunEventOf<'test.weakened'>, 'type' | 'runId' | 'seq' | 'at'>;
export type DisputedTest = Omit<RunEventOf<'test.disputed'>, 'type' | 'runId' | 'seq' | 'at'>;
/** The approved command on exactly an accepted selection (tests.selectionRun). */
export type SelectionRunRecord = Omit<RunEventOf<'tests.selectionRun'>, 'type' | 'runId' | 'seq' | 'at'> & { readonly at: number };

export interface TestLoopState {
  readonly command?: string;
  readonly source?: 'user' | 'detected';
  readonly maxFixRounds: number;
  readonly approval: TestApprovalState;
  readonly baseline?: BaselineRecord;
  readonly rounds: readonly TestRound[];
  /** Fixes that loosened a failing test: the user decides whether the pass counts. */
  readonly weakened: readonly WeakenedTest[];
  readonly disputes: readonly DisputedTest[];
  /** The loop's verdict; `stale` once a proposal changed after it (a task retried or revised on resume). */
  readonly settled?: { readonly outcome: string; readonly rounds: number; readonly summary: string; readonly stale?: boolean };
  /** Why the tests do not run in this run, when they do not. */
  readonly skipped?: { readonly reason: string; readonly untrusted: boolean };
  /** A proposal changed after the last finished round: the tests did not see it. */
  readonly revisedAfterRound?: boolean;
  /** The latest run of the approved command on an accepted selection (which one: its digest). */
  readonly selectionRun?: SelectionRunRecord;
}

export const INITIAL_TEST_LOOP: TestLoopState = { maxFixRounds: 0, approval: { allowed: [], denied: false }, rounds: [], weakened: [], disputes: [] };

type TestEventType =
  | 'tests.skipped'
  | 'tests.configured' | 'tests.approvalRequested' | 'tests.approvalDecided' | 'tests.baseline' | 'tests.started' | 'tests.finished'
  | 'failure.routed' | 'test.weakened' | 'test.disputed' | 'tests.settled' | 'tests.selectionRun';

const payload = <E extends { type: string; runId: string; seq: number; at: number }>(e: E): Omit<E, 'type' | 'runId' | 'seq' | 'at'> => {
  const { type: _type, runId: _runId, seq: _seq, at: _at, ...rest } = e;
  return rest;
};

export function reduceTests(s: TestLoopState, e: RunEventOf<TestEventType>): TestLoopState {
  switch (e.type) {
    case 'tests.skipped':
      return { ...s, skipped: { reason: e.reason, untrusted: e.untrusted } };
    case 'tests.configured':
      return { ...s, command: e.command, source: e.source, maxFixRounds: e.maxFixRounds, skipped: undefined };
    case 'tests.approvalRequested':
      return { ...s, approval: { ...s.approval, pending: payload(e) } };
    case 'tests.approvalDecided': {
      const asked = s.approval.pending;
      if (!asked) return s;
      const allowed = e.answer === 'deny' ? s.approval.allowed : [...s.approval.allowed, asked.definition];
      return { ...s, approval: { pending: undefined, allowed, denied: e.answer === 'deny' } };
    }
    case 'tests.baseline':
      return { ...s, baseline: payload(e) };
    case 'test.weakened':
      return { ...s, weakened: [...s.weakened, payload(e)] };
    case 'test.disputed':
      return { ...s, disputes: [...s.disputes, payload(e)] };
    case 'tests.started':
      return { ...s, rounds: [...s.rounds.filter((r) => r.round !== e.round), { round: e.round, status: 'running', passed: 0, failed: 0, skipped: 0, failures: [], routed: {} }] };
    case 'tests.finished':
      return {
        ...s,
        revisedAfterRound: false,
        rounds: s.rounds.map((r) =>
          r.round === e.round
            ? { ...r, status: 'finished', exitCode: e.exitCode, timedOut: e.timedOut, format: e.format, passed: e.passed, failed: e.failed, skipped: e.skipped, failures: e.failures, rawTail: e.rawTail, durationMs: e.durationMs, ...(e.sandboxed === undefined ? {} : { sandboxed: e.sandboxed }) }
            : r,
        ),
      };
    case 'failure.routed':
      // Routed after round k's tests; the fix makes round k.
      return { ...s, rounds: s.rounds.map((r) => (r.round === e.round - 1 ? { ...r, routed: { ...r.routed, [e.taskId]: e.tests } } : r)) };
    case 'tests.settled':
      return { ...s, settled: { outcome: e.outcome, rounds: e.rounds, summary: e.summary } };
    case 'tests.selectionRun':
      return { ...s, selectionRun: { ...payload(e), at: e.at } };
  }
}

/** A proposal changed: the loop's verdict no longer speaks for the proposals as they stand. */
export function staleVerdict(s: TestLoopState): TestLoopState {
  const revised = s.rounds.some((r) => r.status === 'finished') && s.revisedAfterRound !== true ? { ...s, revisedAfterRound: true } : s;
  return revised.settled && !revised.settled.stale ? { ...revised, settled: { ...revised.settled, stale: true } } : revised;
}
