/**
 * The driver's budget wiring: when the front end gives a run budget, every model call of the drive
 * goes through one BudgetGate, and a stop aborts the drive's own signal (the front end's signal
 * still cancels it too). A resumed run keeps a raise made at an earlier crossing when it is larger
 * than the front end's limit.
 */
import type { ChatModel } from '../llm/chatModel';
import type { Price } from '../llm/usage';
import { BudgetGate, type BudgetPort } from '../budget/gate';
import { isEmptyBudget, type RunBudget } from '../budget/runBudget';
import type { RunSession } from './session';

export interface BudgetedDrive {
  readonly modelFor: (role: string) => ChatModel;
  readonly signal: AbortSignal;
  /** True when the run was stopped at its budget in this drive. */
  stoppedAtBudget(): boolean;
  dispose(): void;
}

export function budgetedDrive(
  session: RunSession,
  input: { readonly modelFor: (role: string) => ChatModel; readonly budget?: RunBudget; readonly priceOverrides?: Record<string, Price>; readonly ask?: BudgetPort },
  signal: AbortSignal,
): BudgetedDrive {
  if (isEmptyBudget(input.budget)) return { modelFor: input.modelFor, signal, stoppedAtBudget: () => false, dispose: () => undefined };
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal.reason);
  if (signal.aborted) controller.abort(signal.reason);
  else signal.addEventListener('abort', onAbort, { once: true });
  const gate = new BudgetGate({
    session,
    limit: effectiveLimit(input.budget!, session.state.budget.raisedTo),
    ...(input.ask ? { ask: input.ask } : {}),
    ...(input.priceOverrides ? { priceOverrides: input.priceOverrides } : {}),
    stop: () => controller.abort(new Error('The run stopped at its budget.')),
  });
  return {
    modelFor: gate.wrap(input.modelFor),
    signal: controller.signal,
    stoppedAtBudget: () => gate.stoppedRun,
    dispose: () => signal.removeEventListener('abort', onAbort),
  };
}

/** Per kind, the larger of the front end's limit and the run's last raise; a kind the front end dropped stays dropped. */
export function effectiveLimit(front: RunBudget, raised: RunBudget | undefined): RunBudget {
  const max = (a: number | undefined, b: number | undefined) => (a === undefined ? undefined : Math.max(a, b ?? 0));
  const tokens = max(front.tokens, raised?.tokens);
  const usd = max(front.usd, raised?.usd);
  return { ...(tokens === undefined ? {} : { tokens }), ...(usd === undefined ? {} : { usd }) };
}
