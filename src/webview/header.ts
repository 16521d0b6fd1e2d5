/**
 * The run at a glance: its status and request, totals (tokens, cost, work time) and Cancel /
 * Resume. What it says comes from the run's display (src/vscode/host/runDisplay.ts), the same
 * derivation the status bar shows, so the two never disagree.
 */
import type { ViewRun } from '../protocol/messages';
import { button, el, setAttr, setHidden, setModifier, setText } from './dom';
import { formatElapsed, usageTitle } from './format';
import { NoticeBox } from './notice';

export class RunHeader {
  readonly root: HTMLElement;
  readonly notice = new NoticeBox('run');
  private readonly status: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly request: HTMLElement;
  private readonly tokens: HTMLElement;
  private readonly elapsed: HTMLElement;
  private readonly error: HTMLElement;
  private readonly cancel: HTMLButtonElement;
  private readonly resume: HTMLButtonElement;
  private readonly dismiss: HTMLButtonElement;
  private readonly setKey: HTMLButtonElement;
  private run: ViewRun | null = null;

  constructor() {
    this.status = el('span', 'run-status');
    this.progress = el('span', 'run-progress');
    this.request = el('p', 'run-request');
    this.tokens = el('span', 'tokens');
    this.elapsed = el('span', 'elapsed');
    this.error = el('div', 'run-error');
    this.error.setAttribute('role', 'alert');
    this.cancel = button({ act: 'cancel', icon: 'stop', label: 'Cancel', aria: 'Cancel the run' });
    this.resume = button({ act: 'resumeRun', icon: 'play', label: 'Resume', aria: 'Resume the run where it stopped' });
    this.dismiss = button({ act: 'dismissResume', icon: 'close', label: 'Dismiss', aria: 'Put the Resume offer of this interrupted run away' });
    this.setKey = button({ act: 'setApiKey', icon: 'key', label: 'Set API key' });
    const line = el('div', 'run-line', this.status, this.progress);
    line.setAttribute('role', 'status');
    const totals = el('div', 'run-totals', el('span', 'label', 'Total'), this.tokens, this.elapsed);
    this.root = el('section', 'run', line, this.request, totals, this.error, el('div', 'run-actions', this.cancel, this.resume, this.dismiss, this.setKey), this.notice.root);
    this.root.setAttribute('aria-label', 'Run');
  }

  /** `dismissed`: the run whose Resume offer the user put away. */
  update(run: ViewRun | null, now: number, dismissed: string | null = null): void {
    this.run = run;
    setHidden(this.root, run === null);
    if (!run) return;
    const d = run.display;
    setText(this.status, d.label);
    setAttr(this.root, 'data-phase', d.phase);
    setModifier(this.root, 'run-', d.phase === 'awaiting-approval' || d.phase === 'tests-wait' || d.phase === 'budget-wait' ? 'gate' : d.phase);
    setText(this.progress, d.progress);
    setText(this.request, run.request);
    setAttr(this.request, 'title', run.request);
    // One string for tokens and cost, the status bar's own.
    setText(this.tokens, d.usage);
    setAttr(this.tokens, 'title', usageTitle(run.usage));
    this.tick(now);
    setHidden(this.error, !d.error);
    if (d.error && this.error.dataset.key !== JSON.stringify(d.error)) {
      this.error.dataset.key = JSON.stringify(d.error);
      const parts: HTMLElement[] = [el('strong', 'run-error-line', d.error.headline)];
      if (d.error.details.length > 0) {
        // The provider's body and hints, folded: one readable line shows, the rest on demand.
        const fold = el('details', 'run-error-details', el('summary', '', 'Details'), ...d.error.details.map((x) => el('div', 'detail', x)));
        parts.push(fold);
      }
      this.error.replaceChildren(...parts);
    }
    setHidden(this.cancel, !d.live);
    const offered = d.resume && !d.live;
    setHidden(this.resume, !offered || dismissed === run.runId);
    setAttr(this.resume, 'data-run', run.runId);
    // An interrupted run's offer stays until resumed or put away: the toast alone went after 10 s.
    setHidden(this.dismiss, !(offered && d.phase === 'interrupted') || dismissed === run.runId);
    setAttr(this.dismiss, 'data-run', run.runId);
    setHidden(this.setKey, !(run.error && (run.error.code === 'llm/auth' || run.error.code === 'config/missing_key')));
  }

  tick(now: number): void {
    if (!this.run) return;
    // Work time: the waits at the gates and the time stopped do not count (core/run/runClock.ts).
    const { bankedMs, since } = this.run.display.elapsed;
    setText(this.elapsed, this.run.startedAt === undefined ? '' : formatElapsed(bankedMs + (since === undefined ? 0 : Math.max(0, now - since))));
  }
}
