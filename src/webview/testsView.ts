/**
 * The test loop: each round's counts, its failures with the file they were traced to, the agent
 * each went to ("→ backend, fix round 2 of 3") and how that fix went; pre-existing and flaky
 * failures are marked as such. Small, so a change redraws the section.
 */
import type { ViewFailure, ViewRouted, ViewTask, ViewTestRound, ViewTests } from '../protocol/messages';
import { el } from './dom';
import { formatElapsed } from './format';
import { icon } from './icons';

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

export function renderTests(tests: ViewTests, tasks: ReadonlyMap<string, ViewTask>): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (tests.command) out.push(el('p', 'tests-command', el('span', 'label', 'Command'), el('code', '', tests.command)));
  for (const r of tests.rounds) out.push(renderRound(r, tests.maxFixRounds, tasks));
  if (tests.settled) out.push(el('p', `tests-settled settled-${tests.settled.outcome}`, icon(tests.settled.outcome === 'passed' ? 'pass' : 'warn'), el('span', '', tests.settled.summary)));
  return out;
}

function renderRound(r: ViewTestRound, maxFixRounds: number, tasks: ReadonlyMap<string, ViewTask>): HTMLElement {
  const ok = r.status === 'finished' && r.failed === 0 && !r.timedOut;
  const counts = r.status === 'running'
    ? 'running…'
    : `${r.passed} passed · ${r.failed} failed${r.skipped ? ` · ${r.skipped} skipped` : ''}${r.timedOut ? ' · timed out' : ''}${r.durationMs !== undefined ? ` · ${formatElapsed(r.durationMs)}` : ''}`;
  const head = el('div', 'round-head', icon(r.status === 'running' ? 'spin' : ok ? 'pass' : 'error'), el('strong', '', r.round === 0 ? 'First run' : `Round ${r.round}`), el('span', 'round-counts', counts));
  const failures = el('ul', 'failures', ...r.failures.map((f) => renderFailure(f, r, maxFixRounds, tasks)));
  const raw = r.rawTail ? el('pre', 'raw-tail', r.rawTail) : null;
  const root = el('li', `round round-${ok ? 'ok' : r.status === 'running' ? 'running' : 'failed'}`, head, r.failures.length > 0 ? failures : null, raw);
  return root;
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
  ];
  const li = el('li', `failure failure-${f.kind}`, icon(f.kind === 'flaky' || f.kind === 'pre-existing' ? 'warn' : 'error'), el('div', 'failure-body', ...parts));
  li.title = `${f.message}\n${f.reason}`;
  return li;
}
