/**
 * The extension's answer when the next model call would cross the run's budget: a notification
 * (the held call, what was spent, the limit) with Continue / Raise… / Stop. Raise… asks for the new
 * budget, prefilled with one that clears this call twice over. Dismissing the question is Stop: the
 * run ends cancelled with every paid turn journaled, and Resume Run goes on from there.
 */
import * as vscode from 'vscode';
import type { BudgetAnswer } from '../../core/budget/gate';
import { formatTokens, parseBudgetText, suggestedRaise, type RunBudget } from '../../core/budget/runBudget';
import { heldCallWords } from '../../core/budget/words';
import type { BudgetQuestion } from '../../core/run/budgetEvents';

export const CONTINUE_BUTTON = 'Continue';
export const RAISE_BUTTON = 'Raise…';
export const STOP_BUTTON = 'Stop';

export async function askBudget(q: BudgetQuestion, signal: AbortSignal): Promise<BudgetAnswer> {
  const message = `Squad paused: ${heldCallWords(q)}.`;
  for (;;) {
    const choice = await vscode.window.showWarningMessage(message, CONTINUE_BUTTON, RAISE_BUTTON, STOP_BUTTON);
    if (signal.aborted || choice === undefined || choice === STOP_BUTTON) return { decision: 'stop' };
    if (choice === CONTINUE_BUTTON) return { decision: 'continue' };
    const raised = await askNewBudget(q);
    if (raised) return { decision: 'raise', limit: raised };
    // The input box was dismissed: the question stands.
  }
}

async function askNewBudget(q: BudgetQuestion): Promise<RunBudget | undefined> {
  const suggested = suggestedRaise(q.limit, q.spent, q.estimate);
  const text = await vscode.window.showInputBox({
    title: 'Raise the run budget',
    prompt: 'Tokens (400k, 1.5m) and/or dollars ($3), separated by a space. The run goes on within the new budget.',
    value: budgetText(suggested),
    validateInput: (value) => {
      const parsed = parseBudgetInput(value);
      return 'error' in parsed ? parsed.error : undefined;
    },
  });
  if (text === undefined) return undefined;
  const parsed = parseBudgetInput(text);
  return 'budget' in parsed ? { ...q.limit, ...parsed.budget } : undefined;
}

/** "400k $3" → both limits; each word is one budget, as the CLI's --budget flags are. */
export function parseBudgetInput(text: string): { readonly budget: RunBudget } | { readonly error: string } {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return { error: 'Give a budget, e.g. 400k or $3.' };
  let budget: RunBudget = {};
  for (const word of words) {
    const parsed = parseBudgetText(word);
    if ('error' in parsed) return parsed;
    budget = { ...budget, ...parsed.budget };
  }
  return { budget };
}

function budgetText(budget: RunBudget): string {
  return [...(budget.tokens !== undefined ? [formatTokens(budget.tokens)] : []), ...(budget.usd !== undefined ? [`$${budget.usd.toFixed(2)}`] : [])].join(' ');
}
