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
  /** taskId → tests sent back to it after this round. */
  readonly routed: Readonly<Record<string, readonly string[]>>;
}

export interface TestLoopState {
  readonly command?: string;
  readonly source?: 'user' | 'detected';
  readonly maxFixRounds: number;
  readonly rounds: readonly TestRound[];
  readonly settled?: { readonly outcome: string; readonly rounds: number; readonly summary: string };
}

export const INITIAL_TEST_LOOP: TestLoopState = { maxFixRounds: 0, rounds: [] };

type TestEventType = 'tests.configured' | 'tests.started' | 'tests.finished' | 'failure.routed' | 'tests.settled';

export function reduceTests(s: TestLoopState, e: RunEventOf<TestEventType>): TestLoopState {
  switch (e.type) {
    case 'tests.configured':
      return { ...s, command: e.command, source: e.source, maxFixRounds: e.maxFixRounds };
    case 'tests.started':
      return { ...s, rounds: [...s.rounds.filter((r) => r.round !== e.round), { round: e.round, status: 'running', passed: 0, failed: 0, skipped: 0, failures: [], routed: {} }] };
    case 'tests.finished':
      return {
        ...s,
        rounds: s.rounds.map((r) =>
          r.round === e.round
            ? { ...r, status: 'finished', exitCode: e.exitCode, timedOut: e.timedOut, format: e.format, passed: e.passed, failed: e.failed, skipped: e.skipped, failures: e.failures, rawTail: e.rawTail, durationMs: e.durationMs }
            : r,
        ),
      };
    case 'failure.routed':
      // Routed after round k's tests; the fix makes round k.
      return { ...s, rounds: s.rounds.map((r) => (r.round === e.round - 1 ? { ...r, routed: { ...r.routed, [e.taskId]: e.tests } } : r)) };
    case 'tests.settled':
      return { ...s, settled: { outcome: e.outcome, rounds: e.rounds, summary: e.summary } };
  }
}
