/**
 * `--budget 200k` / `--budget $1.50` (both may be given), and the CLI's answer when the next model
 * call would cross the budget: on a terminal it asks (continue, raise, stop); otherwise (piped,
 * --json, CI) the run stops there, resumably, and says how to go on with a larger budget.
 */
import type { BudgetAnswer, BudgetPort } from '../core/budget/gate';
import { budgetFlags, formatBudget, mergeBudgets, parseBudgetText, suggestedRaise, type RunBudget } from '../core/budget/runBudget';
import { heldCallWords } from '../core/budget/words';
import { usageError } from './args';
import type { CliIO, Stdin } from './io';

export function parseBudgetOption(values: readonly string[] | undefined): RunBudget | undefined {
  let budget: RunBudget | undefined;
  for (const text of values ?? []) {
    const parsed = parseBudgetText(text);
    if ('error' in parsed) throw usageError(`--budget: ${parsed.error}`);
    budget = mergeBudgets(budget, parsed.budget);
  }
  return budget;
}

export function cliBudgetPort(io: CliIO, runId: () => string, say: (line: string) => void, interactive: boolean): BudgetPort {
  return async (q) => {
    const raise = suggestedRaise(q.limit, q.spent, q.estimate);
    const resume = `squad run --resume ${runId()} ${budgetFlags(raise)}`;
    const stdin = io.stdin;
    if (!interactive || !stdin?.isTTY) {
      // The narrator already said which call was held and why.
      say(`The run stopped here; nothing is lost. To go on with a larger budget: ${resume}`);
      return { decision: 'stop', unasked: true };
    }
    say(`${heldCallWords(q)}.\n[c]ontinue without a limit, [r]aise to ${formatBudget(raise)} (or type a budget such as 400k or $3), [s]top (resume later with ${resume})?`);
    return answerFrom(await readLine(stdin), raise, say);
  };
}

function answerFrom(line: string | undefined, raise: RunBudget, say: (line: string) => void): BudgetAnswer {
  const text = (line ?? '').trim().toLowerCase();
  if (text === 'c' || text === 'continue') return { decision: 'continue' };
  if (text === 'r' || text === 'raise') return { decision: 'raise', limit: raise };
  const typed = text === '' ? undefined : parseBudgetText(text);
  if (typed && 'budget' in typed) return { decision: 'raise', limit: { ...raise, ...typed.budget } };
  if (text !== 's' && text !== 'stop') say(`"${text}" is not an answer; stopping (nothing is lost).`);
  return { decision: 'stop' };
}

async function readLine(stdin: Stdin): Promise<string | undefined> {
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const nl = text.indexOf('\n');
    if (nl >= 0) return text.slice(0, nl);
  }
  return text === '' ? undefined : text;
}
