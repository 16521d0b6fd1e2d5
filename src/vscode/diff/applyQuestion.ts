/**
 * What Apply asks before it writes, once, when the accepted selection is not what the tests
 * said yes to: it differs from what they ran on and was not tested, or its own test run failed;
 * accepted tasks that depend on rejected ones are named in the same question. Pure, so the
 * wording and the cases are unit-tested; apply.ts shows it.
 */
import { dependencyWarning, dependentsOfRejected } from '../../core/review/dependents';
import { decisionCounts, selectionRunPassed, selectionRunWords, selectionTestStatus } from '../../core/review/testedSelection';
import type { RunState } from '../../core/run/reduce';

export interface ApplyQuestion {
  readonly message: string;
  readonly detail: string;
  /** Offer "Test First": the selection was not tested and can be. */
  readonly offerTest: boolean;
}

export function applyQuestion(state: RunState): ApplyQuestion | undefined {
  const counts = decisionCounts(state);
  const warnings = dependentsOfRejected(state, counts).map((d) => dependencyWarning(state, d));
  const status = selectionTestStatus(state, counts);
  if (status.kind === 'differs') {
    const why = `The tests ran on all proposals; you accepted a different selection (${status.reasons.join('; ')}).`;
    if (!status.run) {
      return {
        message: 'Squad: the accepted selection was not tested.',
        detail: [why, ...warnings, status.conflicts > 0 ? '' : 'Test First runs the approved test command on exactly this selection, in a scratch copy, and applies only if it passes.'].filter((l) => l !== '').join('\n\n'),
        offerTest: status.conflicts === 0,
      };
    }
    if (!selectionRunPassed(status.run)) {
      return { message: 'Squad: the tests fail on the accepted selection.', detail: [`On this selection: ${selectionRunWords(status.run)}.`, ...warnings].join('\n\n'), offerTest: false };
    }
  }
  if (warnings.length > 0) return { message: 'Squad: accepted changes depend on rejected ones.', detail: warnings.join('\n\n'), offerTest: false };
  return undefined;
}
