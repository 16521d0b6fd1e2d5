/** The run at a glance: its status and request, totals (tokens, cost, time) and Cancel / Resume. */
import type { ViewRun } from '../protocol/messages';
import { button, el, setAttr, setHidden, setModifier, setText } from './dom';
import { elapsedOf, formatCost, formatTokens, totalTokens, usageTitle } from './format';
import { NoticeBox } from './notice';

const STATUS_WORDS: Record<ViewRun['status'], string> = {
  idle: 'Idle',
  planning: 'Planning',
  planned: 'Planned',
  running: 'Running',
  completed: 'Completed',
  incomplete: 'Incomplete',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

export class RunHeader {
  readonly root: HTMLElement;
  readonly notice = new NoticeBox('run');
  private readonly status: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly request: HTMLElement;
  private readonly tokens: HTMLElement;
  private readonly cost: HTMLElement;
  private readonly elapsed: HTMLElement;
  private readonly error: HTMLElement;
  private readonly cancel: HTMLButtonElement;
  private readonly resume: HTMLButtonElement;
  private readonly setKey: HTMLButtonElement;
  private run: ViewRun | null = null;

  constructor() {
    this.status = el('span', 'run-status');
    this.progress = el('span', 'run-progress');
    this.request = el('p', 'run-request');
    this.tokens = el('span', 'tokens');
    this.cost = el('span', 'cost');
    this.elapsed = el('span', 'elapsed');
    this.error = el('div', 'run-error');
    this.error.setAttribute('role', 'alert');
    this.cancel = button({ act: 'cancel', icon: 'stop', label: 'Cancel', aria: 'Cancel the run' });
    this.resume = button({ act: 'resumeRun', icon: 'play', label: 'Resume', aria: 'Resume the run where it stopped' });
    this.setKey = button({ act: 'setApiKey', icon: 'key', label: 'Set API key' });
    const line = el('div', 'run-line', this.status, this.progress);
    line.setAttribute('role', 'status');
    const totals = el('div', 'run-totals', el('span', 'label', 'Total'), this.tokens, this.cost, this.elapsed);
    this.root = el('section', 'run', line, this.request, totals, this.error, el('div', 'run-actions', this.cancel, this.resume, this.setKey), this.notice.root);
    this.root.setAttribute('aria-label', 'Run');
  }

  /** `testsWait`: the test command waits for the user's answer (the gate in the Tests section). */
  update(run: ViewRun | null, done: number, total: number, now: number, testsWait = false): void {
    this.run = run;
    setHidden(this.root, run === null);
    if (!run) return;
    const waiting = testsWait && run.busy;
    setText(this.status, run.awaitingApproval ? 'Plan ready for review' : waiting ? 'Tests wait for your answer' : STATUS_WORDS[run.status]);
    setModifier(this.root, 'run-', run.awaitingApproval || waiting ? 'gate' : run.status);
    setText(this.progress, total > 0 ? `${done} of ${total} tasks done` : run.status === 'planning' && run.planAttempts > 1 ? `attempt ${run.planAttempts}` : '');
    setText(this.request, run.request);
    setAttr(this.request, 'title', run.request);
    const used = run.usage.calls > 0;
    setText(this.tokens, used ? `${formatTokens(totalTokens(run.usage))} tokens` : 'no tokens yet');
    setAttr(this.tokens, 'title', usageTitle(run.usage));
    setText(this.cost, used ? formatCost(run.usage.cost) : '');
    this.tick(now);
    setHidden(this.error, !run.error);
    if (run.error && this.error.dataset.key !== JSON.stringify(run.error)) {
      this.error.dataset.key = JSON.stringify(run.error);
      this.error.replaceChildren(el('strong', '', run.error.message), ...run.error.details.map((d) => el('div', 'detail', d)));
    }
    setHidden(this.cancel, !run.busy);
    const stopped = !run.busy && (run.status === 'incomplete' || run.status === 'cancelled' || run.status === 'failed');
    setHidden(this.resume, !stopped);
    setHidden(this.setKey, !(run.error && (run.error.code === 'llm/auth' || run.error.code === 'config/missing_key')));
  }

  tick(now: number): void {
    if (this.run) setText(this.elapsed, elapsedOf(this.run.startedAt, this.run.finishedAt, now));
  }
}
