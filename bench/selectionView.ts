/**
 * What comparing the accepted selection with what the tests ran on costs the sidebar: the
 * tracker's delta after one hunk decision on the 200-task, 2,000-hunk run, after a
 * test round, and after a run on a selection (then every decision layers the selection to match
 * its digest). `node --import tsx bench/selectionView.ts` prints them alone.
 */
import { acceptedSelection } from '../src/core/review/selection';
import { selectionDigest } from '../src/core/review/selectionDigest';
import type { RunEventPayload } from '../src/core/run/events';
import { reduceRun, type RunState } from '../src/core/run/reduce';
import { ViewTracker } from '../src/vscode/view/tracker';
import { bigRunEvents, lastState, stamp } from '../test/unit/webview/runFixture';

const TASKS = 200;
const DECISIONS = 30;

export interface SelectionViewFigures {
  /** Median ms of the delta after one hunk decision, the tests having run on every proposal. */
  readonly afterRoundMs: number;
  /** The same once a selection was tested. */
  readonly afterSelectionRunMs: number;
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function decisionDeltas(start: RunState): number[] {
  let state = start;
  let seq = state.lastSeq + 1;
  const tracker = new ViewTracker();
  const model = tracker.snapshot(state, false);
  const times: number[] = [];
  for (let i = 0; i < DECISIONS; i++) {
    const taskId = `t${(i % TASKS) + 1}`;
    const file = model.files[taskId]![0]!;
    state = reduceRun(state, stamp([{ type: 'review.decided', scope: { kind: 'hunk', taskId, path: file.path, hunkId: file.hunks[0]!.id }, decision: i % 3 === 0 ? 'rejected' : 'accepted' }], state.runId, seq++)[0]!);
    const t0 = performance.now();
    tracker.delta(state, false);
    times.push(performance.now() - t0);
  }
  return times;
}

export function benchSelectionView(): SelectionViewFigures {
  const base = lastState(stamp(bigRunEvents(TASKS, 5)));
  const more = (state: RunState, payloads: RunEventPayload[]) => payloads.reduce((s, p, i) => reduceRun(s, stamp([p], s.runId, state.lastSeq + 1 + i)[0]!), state);
  const tested = more(base, [
    { type: 'tests.started', round: 0, command: 'npm test' },
    { type: 'tests.finished', round: 0, exitCode: 0, timedOut: false, format: 'tap', passed: 10, failed: 0, skipped: 0, failures: [], rawTail: '', durationMs: 5 },
  ]);
  const selection = acceptedSelection(tested);
  const withRun = more(tested, [{ type: 'tests.selectionRun', digest: selectionDigest(selection), files: selection.files.length, command: 'npm test', exitCode: 0, timedOut: false, passed: 10, failed: 0, skipped: 0, failures: [], rawTail: '', durationMs: 5, sandboxed: true }]);
  return { afterRoundMs: median(decisionDeltas(tested)), afterSelectionRunMs: median(decisionDeltas(withRun)) };
}

export function selectionViewRows(f: SelectionViewFigures): [string, string][] {
  return [
    ['delta after a decision, tests ran', `median ${f.afterRoundMs.toFixed(1)} ms`],
    ['… after a selection was tested', `median ${f.afterSelectionRunMs.toFixed(1)} ms`],
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [label, value] of selectionViewRows(benchSelectionView())) console.log(`${label.padEnd(48)} ${value}`);
}
