/**
 * The test loop: how it ended in words (testWords.ts), the baseline, each round's counts, its
 * failures with the file they were traced to, the agent each went to ("→ backend, fix round 2 of
 * 3") and how that fix went, the other suspect when the evidence named one; pre-existing and flaky
 * failures are marked as such; tests a fix loosened and disputed tests. Small, so a change redraws
 * the section (the gate above it is kept apart: testGate.ts).
 */
import type { ViewFailure, ViewRouted, ViewTask, ViewTestRound, ViewTests } from '../protocol/messages';
import { el } from './dom';
import { formatElapsed } from './format';
import { icon, type IconName } from './icons';
import { baselineLine, disputeLine, runnerUpLine, testsHeadline, type Tone } from './testWords';

const KIND_WORDS: Record<ViewFailure['kind'], string> = {
  routed: '',
  'pre-existing': 'pre-existing: failed before these changes',
  flaky: 'flaky: passed on a re-run',
  unknown: 'not traced to a change',
};

const OUTCOME_WORDS: Record<ViewRouted['outcome'], string> = {
  waiting: 'waiting',
  fixing: 'fixing…',
  revised: 'revised',
  failed: 'fix failed',
};

const TONE_ICON: Record<Tone, IconName> = { ok: 'pass', warn: 'warn', bad: 'error', busy: 'spin', wait: 'warn', quiet: 'dot' };

export function renderTests(tests: ViewTests, tasks: ReadonlyMap<string, ViewTask>): HTMLElement[] {
  const out: HTMLElement[] = [];
  const headline = testsHeadline(tests);
  if (headline.text) {
    const details = headline.details.map((d) => el('div', 'tests-detail', d));
    const p = el('div', `tests-headline tone-${headline.tone}`, icon(TONE_ICON[headline.tone]), el('div', 'tests-headline-text', el('strong', '', headline.text), ...details));
    p.setAttribute('role', 'status');
    out.push(p);
  }
  if (tests.command) out.push(renderCommand(tests.command, tests.approvedCommand));
  if (tests.baseline) out.push(renderBaseline(tests.baseline));
  // The round whose fix loosened a test, and those after it, pass only because of it.
  const weakenedFrom = Math.min(...tests.weakened.map((w) => w.round));
  if (tests.rounds.length > 0) out.push(el('ol', 'rounds', ...tests.rounds.map((r) => renderRound(r, tests.maxFixRounds, tasks, r.round >= weakenedFrom))));
  if (tests.weakened.length > 0) out.push(renderWeakened(tests, tasks));
  if (tests.disputes.length > 0) {
    const list = el('ul', 'disputes', ...tests.disputes.map((d) => el('li', 'dispute', icon('warn'), el('span', '', disputeLine(d)))));
    list.setAttribute('aria-label', 'Disputed tests');
    out.push(el('div', 'tests-block', el('div', 'sub-head', 'Disputed tests'), list));
  }
  return out;
}

/** The command as allowed; the longer line that runs (Squad's reporter options) one click away. */
function renderCommand(runs: string, approved: string | undefined): HTMLElement {
  if (!approved || approved === runs) return el('p', 'tests-command', el('span', 'label', 'Command'), el('code', '', runs));
  return el('div', 'tests-command', el('span', 'label', 'Command'), el('code', '', approved), runsAs(runs));
}

export function runsAs(line: string): HTMLElement {
  return el('details', 'runs-as', el('summary', 'label', 'the exact line that runs'), el('code', '', line));
}

function renderBaseline(b: NonNullable<ViewTests['baseline']>): HTMLElement {
  const line = baselineLine(b);
  if (b.failing.length === 0) return el('p', 'tests-baseline', el('span', '', line));
  // The names stay one click away: keyboard-reachable, unlike a tooltip.
  const more = b.failed > b.failing.length ? el('li', 'hint', `and ${b.failed - b.failing.length} more`) : null;
  return el('details', 'tests-baseline', el('summary', '', line), el('ul', 'baseline-failing', ...b.failing.map((t) => el('li', '', t)), more));
}

function renderWeakened(tests: ViewTests, tasks: ReadonlyMap<string, ViewTask>): HTMLElement {
  const items = tests.weakened.map((w) => {
    const who = tasks.get(w.taskId)?.role;
    const head = el('div', 'weakened-head', icon('warn'), el('span', '', `${who ? `${who} (${w.taskId})` : w.taskId} loosened ${w.tests.map((t) => `"${t}"`).join(', ')} in `), el('code', '', w.file), el('span', 'label', ` (fix round ${w.round})`));
    const assertions = w.assertions.length > 0
      ? el('ul', 'weakened-assertions', ...w.assertions.map((a) => el('li', '', el('code', '', a.trim()))))
      : null;
    if (assertions) assertions.setAttribute('aria-label', 'Assertions it removed or loosened, as they were');
    return el('li', 'weakened', head, assertions);
  });
  return el('div', 'tests-block', el('div', 'sub-head', 'Loosened tests: the pass needs your review'), el('ul', 'weakened-list', ...items));
}

function renderRound(r: ViewTestRound, maxFixRounds: number, tasks: ReadonlyMap<string, ViewTask>, weakened: boolean): HTMLElement {
  const passed = r.status === 'finished' && r.failed === 0 && !r.timedOut;
  // Never a green pass that rests on a loosened test.
  const ok = passed && !weakened;
  const counts = r.status === 'running'
    ? 'running…'
    : r.status === 'interrupted'
      ? 'interrupted'
      : `${r.passed} passed · ${r.failed} failed${r.skipped ? ` · ${r.skipped} skipped` : ''}${r.timedOut ? ' · timed out' : ''}${r.durationMs !== undefined ? ` · ${formatElapsed(r.durationMs)}` : ''}`;
  const head = el(
    'div',
    'round-head',
    icon(r.status === 'running' ? 'spin' : r.status === 'interrupted' ? 'stop' : ok ? 'pass' : passed ? 'warn' : 'error'),
    el('strong', '', r.round === 0 ? 'First run' : `Round ${r.round}`),
    el('span', 'round-counts', counts),
    passed && weakened ? el('span', 'round-weakened-note', 'with a loosened test') : null,
  );
  const failures = el('ul', 'failures', ...r.failures.map((f) => renderFailure(f, r, maxFixRounds, tasks)));
  const raw = r.rawTail ? el('pre', 'raw-tail', r.rawTail) : null;
  return el('li', `round round-${ok ? 'ok' : r.status === 'finished' ? (passed ? 'weakened' : 'failed') : r.status}`, head, r.failures.length > 0 ? failures : null, raw);
}

function renderFailure(f: ViewFailure, r: ViewTestRound, maxFixRounds: number, tasks: ReadonlyMap<string, ViewTask>): HTMLElement {
  const where = f.file ? `${f.file}${f.line !== undefined ? `:${f.line}` : ''}` : f.testFile ?? '';
  const routed = f.taskId ? r.routed.find((x) => x.taskId === f.taskId && x.tests.includes(f.test)) ?? r.routed.find((x) => x.taskId === f.taskId) : undefined;
  const task = f.taskId ? tasks.get(f.taskId) : undefined;
  const parts: (HTMLElement | null)[] = [
    el('span', 'failure-test', f.test),
    where ? el('code', 'failure-file', where) : null,
    f.kind !== 'routed' ? el('span', `failure-kind kind-${f.kind}`, KIND_WORDS[f.kind]) : null,
    routed
      ? el('span', 'failure-route', icon('forward'), `${task?.role ?? f.taskId} (${routed.taskId}), fix round ${routed.fixRound} of ${Math.max(maxFixRounds, routed.fixRound)}: `, el('span', `fix-${routed.outcome}`, OUTCOME_WORDS[routed.outcome]))
      : null,
    el('div', 'failure-message', f.message.split('\n', 1)[0] ?? ''),
    f.runnerUp ? el('div', 'failure-runner-up', runnerUpLine(f.runnerUp, tasks)) : null,
  ];
  const li = el('li', `failure failure-${f.kind}`, icon(f.kind === 'flaky' || f.kind === 'pre-existing' ? 'warn' : 'error'), el('div', 'failure-body', ...parts));
  li.title = `${f.message}\n${f.reason}`;
  return li;
}
