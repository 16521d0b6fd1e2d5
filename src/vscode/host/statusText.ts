/** The status bar item's text and tooltip, from the run's projection. Pure. */
import type { RunState } from '../../core/run/reduce';
import { usageText } from './eventLines';
import type { RunPhase } from './runList';

export const UNTRUSTED_NOTE = 'This workspace is not trusted: Squad plans and proposes changes, but runs no command (no tests).';

export interface StatusView {
  readonly text: string;
  readonly tooltip: string;
  readonly visible: boolean;
}

export function statusView(state: RunState | undefined, busy: boolean, phase: RunPhase | undefined, trusted: boolean): StatusView {
  const shield = trusted ? '' : '$(shield) ';
  if (!state) {
    return { text: `${shield}Squad`, tooltip: trusted ? 'Squad: no run yet' : UNTRUSTED_NOTE, visible: !trusted };
  }
  const tasks = Object.values(state.tasks);
  const proposed = tasks.filter((t) => t.status === 'proposed').length;
  const working = tasks.filter((t) => t.status === 'running' || t.status === 'fixing').length;
  const usage = usageText(state);
  let head: string;
  if (busy) {
    const runningTests = state.tests.rounds.some((r) => r.status === 'running');
    head = !state.plan
      ? '$(sync~spin) Squad: planning'
      : runningTests
        ? '$(sync~spin) Squad: testing'
        : `$(sync~spin) Squad: ${working} working · ${proposed}/${tasks.length} proposed`;
  } else {
    switch (phase) {
      case 'awaiting-approval':
        head = '$(checklist) Squad: plan awaits approval';
        break;
      case 'interrupted':
        head = '$(debug-pause) Squad: interrupted';
        break;
      case 'cancelled':
        head = '$(circle-slash) Squad: cancelled';
        break;
      case 'failed':
        head = '$(error) Squad: failed';
        break;
      case 'incomplete':
        head = '$(warning) Squad: incomplete — Resume Run retries the tasks that did not finish';
        break;
      default:
        head = `$(check) Squad: ${proposed}/${tasks.length} proposed`;
    }
  }
  const lines = [
    `Squad — ${state.request.length > 120 ? `${state.request.slice(0, 119)}…` : state.request}`,
    `${state.status}${busy ? ' (working)' : ''} · ${usage}`,
    ...(state.tests.settled ? [`Tests: ${state.tests.settled.outcome} — ${state.tests.settled.summary}`] : []),
    ...(state.error ? [`Error (${state.error.code}): ${state.error.message}`] : []),
    ...(phase === 'interrupted' && !busy ? ['The window closed while the run worked: run "Squad: Resume Run" to continue.'] : []),
    ...(trusted ? [] : [UNTRUSTED_NOTE]),
    'Click to open the Squad view.',
  ];
  return { text: `${shield}${head} · ${usage}`, tooltip: lines.join('\n'), visible: true };
}
