/** The words of the notice that a run has finished (shown when the Squad view is not visible). Pure. */
import type { RunState } from '../../core/run/reduce';

export type FinishedOutcome = 'planned' | 'completed' | 'incomplete' | 'cancelled';

/** undefined: nothing to say (the user cancelled it, or the CLI only planned). */
export function completionMessage(state: RunState, outcome: FinishedOutcome): string | undefined {
  if (outcome === 'cancelled' || outcome === 'planned') return undefined;
  const tasks = Object.values(state.tasks);
  const proposed = tasks.filter((t) => t.status === 'proposed').length;
  const files = new Set(tasks.flatMap((t) => t.changes.map((c) => c.path))).size;
  const changes = files === 0 ? 'no file changes' : `changes to ${files} file${files === 1 ? '' : 's'} to review`;
  const tests = state.tests.settled ? ` Tests: ${state.tests.settled.outcome}.` : '';
  return outcome === 'completed'
    ? `The run finished: ${proposed} of ${tasks.length} tasks proposed ${changes}.${tests}`
    : `The run stopped with work left: ${proposed} of ${tasks.length} tasks proposed ${changes}; Resume Run retries the rest.${tests}`;
}
