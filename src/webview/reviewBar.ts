/**
 * The review at the level of the whole run: counts, accept / reject everything, Apply, Roll back,
 * and why the last apply that was asked for wrote nothing.
 */
import type { ViewRun, ViewTests } from '../protocol/messages';
import { button, el, setHidden, setText } from './dom';
import { decisionGroup, type DecisionGroup } from './decisionButtons';
import { icon } from './icons';
import { NoticeBox } from './notice';
import { SelectionBox } from './selectionBox';

export class ReviewBar {
  readonly root: HTMLElement;
  readonly notice = new NoticeBox('review');
  /** Dependency warnings and the accepted selection against what the tests ran on. */
  readonly selection = new SelectionBox();
  private readonly counts: HTMLElement;
  private readonly group: DecisionGroup;
  private readonly apply: HTMLButtonElement;
  private readonly rollBack: HTMLButtonElement;
  private readonly notApplied: HTMLElement;

  constructor() {
    this.counts = el('span', 'review-counts');
    this.counts.setAttribute('role', 'status');
    this.group = decisionGroup({ scope: 'run' }, 'every change of the run', 'undecided', { accept: 'Accept all', reject: 'Reject all' });
    this.apply = button({ act: 'applyAccepted', kind: 'primary', icon: 'save', label: 'Apply', aria: 'Apply the accepted changes to the workspace' });
    this.rollBack = button({ act: 'rollBack', icon: 'undo', label: 'Roll back', aria: 'Roll back the last apply' });
    const row = el('div', 'review-row', this.counts, el('span', 'review-all', this.group.root), this.apply, this.rollBack);
    this.notApplied = el('div', 'not-applied');
    this.notApplied.setAttribute('role', 'status');
    setHidden(this.notApplied, true);
    this.root = el('section', 'review-bar', row, this.selection.root, this.notApplied, this.notice.root);
    this.root.setAttribute('aria-label', 'Review the whole run');
  }

  update(run: ViewRun | null, tests?: ViewTests): void {
    const r = run?.review;
    setHidden(this.root, !r || (r.hunks === 0 && r.applies.length === 0 && !r.notApplied));
    this.updateNotApplied(r?.notApplied);
    this.selection.update(r?.dependencyWarnings ?? [], r ? tests?.selection : undefined);
    if (!r) return;
    setText(this.counts, `${r.hunks} hunk${r.hunks === 1 ? '' : 's'}: ${r.accepted} accepted · ${r.rejected} rejected · ${r.undecided} undecided`);
    const verdict = r.hunks === 0 ? 'undecided' : r.accepted === r.hunks ? 'accepted' : r.rejected === r.hunks ? 'rejected' : r.undecided === r.hunks ? 'undecided' : 'mixed';
    this.group.update(verdict);
    const last = r.applies.at(-1);
    // Only what no standing apply wrote yet: pressing Apply twice must not look like it does something.
    if (this.apply.disabled !== (r.toApply === 0)) this.apply.disabled = r.toApply === 0;
    const label = r.toApply > 0 ? `Apply ${r.toApply}` : r.accepted > 0 && last && !last.rolledBack ? 'Applied' : 'Apply';
    setText(this.apply.querySelector('.btn-label') ?? this.apply, label);
    const aria = r.toApply > 0 ? `Apply ${r.toApply} accepted hunk${r.toApply === 1 ? '' : 's'} to the workspace` : label === 'Applied' ? 'The accepted changes are applied' : 'Apply the accepted changes to the workspace';
    if (this.apply.getAttribute('aria-label') !== aria) this.apply.setAttribute('aria-label', aria);
    setHidden(this.rollBack, !last || last.rolledBack);
  }

  private updateNotApplied(n: ViewRun['review']['notApplied']): void {
    setHidden(this.notApplied, !n);
    const key = n ? JSON.stringify(n) : '';
    if (this.notApplied.dataset.key === key) return;
    this.notApplied.dataset.key = key;
    if (!n) return this.notApplied.replaceChildren();
    const problems = n.problems.length > 0 ? el('ul', 'not-applied-problems', ...n.problems.map((p) => el('li', '', p))) : null;
    this.notApplied.replaceChildren(icon('warn'), el('div', 'not-applied-text', el('span', '', n.reason), problems));
  }
}
