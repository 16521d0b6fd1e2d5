/**
 * The run's budget, checked once around every model call of the run (planner, agents, fixes): the
 * driver wraps `modelFor` with `BudgetGate.wrap`. Before a call, the run's spend (its journaled
 * usage plus the calls already on their way) and the call's estimate are held against the limit;
 * a call that would cross it is not sent. The run journals `budget.reached`, asks the front end —
 * continue, raise, or stop — and journals the answer. Stop cancels the run through the driver's
 * signal: it ends resumably, with every paid turn journaled. Checks are taken one at a time, so
 * calls in parallel see each other's reservations and only one question is open.
 */
import { cancelledError } from '../common/errors';
import type { ChatModel, ChatReply, ChatRequest } from '../llm/chatModel';
import type { Price } from '../llm/usage';
import type { BudgetQuestion } from '../run/budgetEvents';
import type { RunSession } from '../run/session';
import { estimateCall } from './callEstimate';
import { budgetCrossed, type RunBudget, type Spend } from './runBudget';

export type BudgetAnswer =
  | { readonly decision: 'continue' }
  | { readonly decision: 'raise'; readonly limit: RunBudget }
  /** `unasked`: the front end could not ask (no terminal) and stopped by default. */
  | { readonly decision: 'stop'; readonly unasked?: boolean };

/** The front end's answer to a held call; the signal aborts when the run is cancelled meanwhile. */
export type BudgetPort = (question: BudgetQuestion, signal: AbortSignal) => Promise<BudgetAnswer>;

export interface BudgetGateOptions {
  readonly session: RunSession;
  readonly limit: RunBudget;
  /** Absent: a crossing stops the run (journaled as the default answer). */
  readonly ask?: BudgetPort;
  readonly priceOverrides?: Record<string, Price>;
  /** Stops the run: the driver aborts its own signal, so every running task ends cancelled. */
  readonly stop: () => void;
}

export class BudgetGate {
  private limit: RunBudget;
  /** 'continue' lifts the limit for the rest of this drive. */
  private lifted = false;
  private stopped = false;
  private reserved: { tokens: number; usd: number } = { tokens: 0, usd: 0 };
  private turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: BudgetGateOptions) {
    this.limit = options.limit;
  }

  /** True once the user (or the default) chose stop in this drive. */
  get stoppedRun(): boolean {
    return this.stopped;
  }

  wrap(modelFor: (role: string) => ChatModel): (role: string) => ChatModel {
    return (role) => {
      const inner = modelFor(role);
      return {
        provider: inner.provider,
        model: inner.model,
        complete: (request) => this.complete(inner, role, request),
      };
    };
  }

  private async complete(inner: ChatModel, role: string, request: ChatRequest): Promise<ChatReply> {
    const estimate = estimateCall(inner.model, request, this.options.priceOverrides);
    const admitted = this.turn.then(() => this.admit(role, inner.model, estimate, request.signal));
    this.turn = admitted.catch(() => undefined);
    const release = await admitted;
    try {
      return await inner.complete(request);
    } finally {
      release();
    }
  }

  /** Resolves to the reservation's release once the call may go; throws `cancelled` when it may not. */
  private async admit(role: string, model: string, estimate: Spend, signal: AbortSignal | undefined): Promise<() => void> {
    for (;;) {
      if (this.stopped || signal?.aborted) throw cancelledError(signal);
      const spent = this.spent();
      const crossed = this.lifted ? undefined : budgetCrossed(this.limit, spent, estimate);
      if (!crossed) return this.reserve(estimate);
      const { session } = this.options;
      const reached = await session.emit({ type: 'budget.reached', limit: this.limit, spent, estimate: { tokens: estimate.tokens, ...(estimate.usd === undefined ? {} : { usd: estimate.usd }) }, crossed, role, model });
      const ask = this.options.ask;
      const answer = ask ? await askUnlessCancelled(ask, session.state.budget.pending ?? { limit: this.limit, spent, estimate, crossed, role, model, seq: reached.seq }, signal) : { decision: 'stop' as const };
      await session.emit({ type: 'budget.decided', decision: answer.decision, by: ask && !(answer.decision === 'stop' && answer.unasked) ? 'user' : 'default', ...(answer.decision === 'raise' ? { limit: answer.limit } : {}) });
      if (answer.decision === 'continue') this.lifted = true;
      else if (answer.decision === 'raise') this.limit = answer.limit;
      else {
        this.stopped = true;
        this.options.stop();
      }
      // A raise that is still too small is asked about again.
    }
  }

  private spent(): Spend {
    const usage = this.options.session.state.usage;
    const t = usage.tokens;
    return { tokens: t.input + t.output + t.cacheRead + t.cacheWrite + this.reserved.tokens, usd: usage.knownCost + this.reserved.usd };
  }

  private reserve(estimate: Spend): () => void {
    this.reserved = { tokens: this.reserved.tokens + estimate.tokens, usd: this.reserved.usd + (estimate.usd ?? 0) };
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reserved = { tokens: this.reserved.tokens - estimate.tokens, usd: this.reserved.usd - (estimate.usd ?? 0) };
    };
  }
}

async function askUnlessCancelled(ask: BudgetPort, question: BudgetQuestion, signal: AbortSignal | undefined): Promise<BudgetAnswer> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    // Resolves (never rejects) when the run is cancelled meanwhile, so nothing is left unhandled.
    const cancelled = new Promise<'cancelled'>((resolve) => controller.signal.addEventListener('abort', () => resolve('cancelled'), { once: true }));
    const answer = await Promise.race([ask(question, controller.signal), cancelled]);
    if (answer === 'cancelled') throw cancelledError(signal);
    return answer;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    controller.abort();
  }
}
