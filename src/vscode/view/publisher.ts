/**
 * Keeps one webview up to date: a snapshot when its script says `ready`, then coalesced deltas.
 * Events arrive in bursts (tool calls, usage, a proposal), so they only mark the view dirty; one
 * flush a few milliseconds later diffs the latest state against what the view has. No `vscode`
 * here: the provider passes the functions in.
 */
import type { RunState } from '../../core/run/reduce';
import type { ToWebviewInput } from '../../protocol/messages';
import { ViewTracker } from './tracker';

export interface PublisherDeps {
  readonly post: (message: ToWebviewInput) => void;
  readonly state: () => RunState | undefined;
  readonly busy: () => boolean;
  readonly recent: () => readonly string[];
  /** Runs `flush` later; returns a cancel function. Defaults to a timer of `delayMs`. */
  readonly schedule?: (flush: () => void) => () => void;
}

/** About two frames: enough to merge a burst of events, too short for a person to notice. */
export const COALESCE_MS = 30;

export class ViewPublisher {
  private readonly tracker = new ViewTracker();
  private ready = false;
  private cancelPending: (() => void) | undefined;

  constructor(private readonly deps: PublisherDeps) {}

  /** The view's script started (first load, shown again, reloaded): it has nothing, send it all. */
  onReady(): void {
    this.ready = true;
    this.cancel();
    this.sendSnapshot();
  }

  /** The view's content is gone (hidden without retaining its context): stop sending. */
  onHidden(): void {
    this.ready = false;
    this.cancel();
  }

  /** An event of the active run, or another run became active: the next flush tells the view. */
  onChange(): void {
    if (!this.ready || this.cancelPending) return;
    const schedule = this.deps.schedule ?? ((fn: () => void) => {
      const timer = setTimeout(fn, COALESCE_MS);
      return () => clearTimeout(timer);
    });
    this.cancelPending = schedule(() => {
      this.cancelPending = undefined;
      this.flush();
    });
  }

  recentChanged(): void {
    if (this.ready) this.deps.post({ type: 'recent', requests: [...this.deps.recent()] });
  }

  /** Sends what changed since the last message now. */
  flush(): void {
    this.cancel();
    if (!this.ready) return;
    const state = this.deps.state();
    const ops = this.tracker.delta(state, this.deps.busy());
    if (ops === undefined) return this.sendSnapshot();
    if (ops.length > 0 && state) this.deps.post({ type: 'patch', runId: state.runId, ops });
  }

  dispose(): void {
    this.onHidden();
  }

  private sendSnapshot(): void {
    const model = this.tracker.snapshot(this.deps.state(), this.deps.busy());
    this.deps.post({ type: 'snapshot', model, recent: [...this.deps.recent()] });
  }

  private cancel(): void {
    this.cancelPending?.();
    this.cancelPending = undefined;
  }
}
