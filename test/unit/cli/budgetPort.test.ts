/** The CLI's budget question: asked on a terminal (continue, raise, a typed budget, stop); off a terminal it stops and says how to resume. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cliBudgetPort } from '../../../src/cli/budgetSetup';
import type { CliIO, Stdin } from '../../../src/cli/io';
import type { BudgetQuestion } from '../../../src/core/run/budgetEvents';

const QUESTION: BudgetQuestion = { limit: { tokens: 10_000 }, spent: { tokens: 9_000 }, estimate: { tokens: 3_000 }, crossed: 'tokens', role: 'backend', model: 'm', seq: 7 };

function terminal(line: string | undefined): Stdin {
  return Object.assign(
    (async function* () {
      if (line !== undefined) yield `${line}\n`;
    })(),
    { isTTY: true },
  );
}

async function ask(stdin: Stdin | undefined, interactive = true) {
  const said: string[] = [];
  const io: CliIO = { stdout: { write: () => undefined }, stderr: { write: () => undefined }, env: {}, cwd: '.', ...(stdin ? { stdin } : {}) };
  const answer = await cliBudgetPort(io, () => 'RUN1', (l) => said.push(l), interactive)(QUESTION, new AbortController().signal);
  return { answer, said: said.join('\n') };
}

describe('the CLI budget question', () => {
  it('on a terminal: c continues, r raises to twice what was needed, a typed budget raises to it, s stops', async () => {
    assert.deepEqual((await ask(terminal('c'))).answer, { decision: 'continue' });
    // 9,000 spent + 3,000 for the call = 12,000, doubled.
    assert.deepEqual((await ask(terminal('r'))).answer, { decision: 'raise', limit: { tokens: 24_000 } });
    assert.deepEqual((await ask(terminal('50k'))).answer, { decision: 'raise', limit: { tokens: 50_000 } });
    const stop = await ask(terminal('s'));
    assert.deepEqual(stop.answer, { decision: 'stop' });
    assert.match(stop.said, /the next backend call \(~3k tokens\) would cross it and was not sent\.\n\[c\]ontinue without a limit, \[r\]aise to 24k tokens/);
    const unclear = await ask(terminal('what?'));
    assert.deepEqual(unclear.answer, { decision: 'stop' });
    assert.match(unclear.said, /"what\?" is not an answer; stopping \(nothing is lost\)/);
  });

  it('off a terminal (or with --json) it stops without asking and prints the resume command', async () => {
    for (const run of [await ask(undefined), await ask(terminal('c'), false)]) {
      assert.deepEqual(run.answer, { decision: 'stop', unasked: true });
      assert.match(run.said, /To go on with a larger budget: squad run --resume RUN1 --budget 24k$/);
    }
  });
});
