/**
 * The review bar's word on the accepted selection: accepted tasks that depend on rejected ones
 * (named), and — when the selection differs from what the tests ran on — that fact, why, the
 * "Test the selection" button and the result of the run on exactly this selection. Pressing the
 * button shows "Testing…" until a result or a notice in the review area arrives.
 */
import type { ViewSelection, ViewSelectionRun } from '../protocol/messages';
import { button, el, setHidden, setText } from './dom';
import { formatElapsed } from './format';
import { icon } from './icons';

export class SelectionBox {
  readonly root: HTMLElement;
  private readonly warnings: HTMLElement;
  private readonly differs: HTMLElement;
  private readonly result: HTMLElement;
  private readonly test: HTMLButtonElement;
  private warningsKey = '';
  private selectionKey = '';
  /** The selection run shown when the button was pressed: a new one ends "Testing…". */
  private pendingSince: string | undefined;

  constructor() {
    this.warnings = el('ul', 'dependency-warnings');
    this.warnings.setAttribute('aria-label', 'Accepted changes that depend on rejected ones');
    this.test = button({ act: 'testSelection', icon: 'play', label: 'Test the selection', aria: 'Run the approved test command on exactly the accepted selection' });
    this.result = el('div', 'selection-result');
    this.result.setAttribute('role', 'status');
    this.differs = el('div', 'selection-differs');
    this.root = el('div', 'selection-box', this.warnings, this.differs);
    setHidden(this.warnings, true);
    setHidden(this.differs, true);
  }

  update(warnings: readonly string[], selection: ViewSelection | undefined): void {
    const wKey = JSON.stringify(warnings);
    if (wKey !== this.warningsKey) {
      this.warningsKey = wKey;
      this.warnings.replaceChildren(...warnings.map((w) => el('li', 'dependency-warning', icon('warn'), el('span', '', w))));
      setHidden(this.warnings, warnings.length === 0);
    }
    const sKey = JSON.stringify(selection ?? null);
    if (this.pendingSince !== undefined && this.pendingSince !== JSON.stringify(selection?.run ?? null)) this.pendingSince = undefined;
    if (sKey !== this.selectionKey) {
      this.selectionKey = sKey;
      if (selection) this.render(selection);
    }
    setHidden(this.differs, !selection);
    setHidden(this.root, warnings.length === 0 && !selection);
    this.updateButton(selection);
  }

  /** The button was pressed: it waits for the result. */
  testing(selection: ViewSelection | undefined): void {
    this.pendingSince = JSON.stringify(selection?.run ?? null);
    this.updateButton(selection);
  }

  /** A notice in the review area (the test could not start, a failure): the button is free again. */
  noticeShown(selection: ViewSelection | undefined): void {
    this.pendingSince = undefined;
    this.updateButton(selection);
  }

  private updateButton(selection: ViewSelection | undefined): void {
    const pending = this.pendingSince !== undefined;
    const disabled = pending || !selection || selection.conflicts > 0;
    if (this.test.disabled !== disabled) this.test.disabled = disabled;
    const label = pending ? 'Testing the selection…' : selection?.run ? 'Test again' : 'Test the selection';
    setText(this.test.querySelector('.btn-label') ?? this.test, label);
    this.test.setAttribute('aria-busy', String(pending));
  }

  private render(s: ViewSelection): void {
    const head = el('div', 'selection-head', icon('warn'), el('strong', '', 'Tests ran on all proposals; you accepted a different selection.'));
    const why = el('div', 'selection-why', s.reasons.join(' · '));
    const conflicts = s.conflicts > 0 ? el('div', 'selection-conflicts', `${s.conflicts} accepted hunk${s.conflicts === 1 ? '' : 's'} cannot be layered: accept or reject so they fit before testing.`) : null;
    const stale = !s.run && s.staleRun ? el('div', 'selection-stale', 'The last selection test was on another selection: it no longer counts.') : null;
    this.result.replaceChildren(...(s.run ? renderRun(s.run) : []));
    setHidden(this.result, !s.run);
    this.differs.replaceChildren(...[head, why, conflicts, stale, el('div', 'selection-actions', this.test), this.result].filter((n): n is HTMLElement => n !== null));
  }
}

function renderRun(run: ViewSelectionRun): HTMLElement[] {
  const ok = run.failed === 0 && run.exitCode === 0 && !run.timedOut && !run.cannotRun;
  const counts = run.cannotRun
    ? `could not run: ${run.cannotRun.reason}`
    : `${run.passed} passed · ${run.failed} failed${run.skipped ? ` · ${run.skipped} skipped` : ''}${run.timedOut ? ' · timed out' : ''} · ${formatElapsed(run.durationMs)}${run.sandboxed ? '' : ' · no sandbox'}`;
  const head = el('div', `selection-run-head ${ok ? 'tone-ok' : 'tone-bad'}`, icon(ok ? 'pass' : 'error'), el('strong', '', ok ? 'The tests pass on this selection' : 'The tests fail on this selection'), el('span', 'selection-run-counts', counts));
  const failures = run.failures.length > 0
    ? el('ul', 'selection-failures', ...run.failures.map((f) => el('li', 'selection-failure', el('span', 'failure-test', f.test), f.preExisting ? el('span', 'failure-kind', 'pre-existing: failed before these changes') : null, f.message ? el('div', 'failure-message', f.message) : null)))
    : null;
  const hint = run.cannotRun ? el('div', 'selection-hint', `Try: ${run.cannotRun.hint}`) : null;
  return [head, ...(failures ? [failures] : []), ...(hint ? [hint] : [])];
}
