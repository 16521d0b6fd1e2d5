/** The status bar item's text and tooltip: the run's display (runDisplay.ts), as the sidebar shows it. Pure. */
import type { RunState } from '../../core/run/reduce';
import type { DisplayPhase } from '../../protocol/viewModel';
import { deriveRunDisplay } from './runDisplay';

export const UNTRUSTED_NOTE = 'This workspace is not trusted: Squad plans and proposes changes, but runs no command (no tests).';

export interface StatusView {
  readonly text: string;
  readonly tooltip: string;
  readonly visible: boolean;
}

const ICONS: Record<DisplayPhase, string> = {
  planning: '$(sync~spin)',
  'awaiting-approval': '$(checklist)',
  running: '$(sync~spin)',
  testing: '$(sync~spin)',
  'tests-wait': '$(question)',
  'budget-wait': '$(question)',
  interrupted: '$(debug-pause)',
  cancelled: '$(circle-slash)',
  failed: '$(error)',
  incomplete: '$(warning)',
  completed: '$(check)',
};

/** `live`: this window's controller works on the run now. */
export function statusView(state: RunState | undefined, live: boolean, trusted: boolean): StatusView {
  const shield = trusted ? '' : '$(shield) ';
  if (!state) {
    return { text: `${shield}Squad`, tooltip: trusted ? 'Squad: no run yet' : UNTRUSTED_NOTE, visible: !trusted };
  }
  const d = deriveRunDisplay(state, live);
  const head = [`${ICONS[d.phase]} Squad: ${d.label}`, ...(d.progressShort ? [d.progressShort] : []), d.usage].join(' · ');
  const lines = [
    `Squad — ${state.request.length > 120 ? `${state.request.slice(0, 119)}…` : state.request}`,
    [d.label, ...(d.progress ? [d.progress] : []), d.usage].join(' · '),
    ...(state.tests.settled ? [`Tests: ${state.tests.settled.outcome} — ${state.tests.settled.summary}`] : []),
    ...(d.error ? [`Error (${d.error.code}): ${d.error.headline}`] : []),
    ...(d.phase === 'interrupted' ? ['The window closed while the run worked: Resume (in the Squad view, or "Squad: Resume Run") continues it.'] : []),
    ...(d.resume && d.phase !== 'interrupted' ? ['Resume (in the Squad view, or "Squad: Resume Run") continues it; tasks that did not finish get another attempt.'] : []),
    ...(trusted ? [] : [UNTRUSTED_NOTE]),
    'Click to open the Squad view.',
  ];
  return { text: `${shield}${head}`, tooltip: lines.join('\n'), visible: true };
}
