import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SquadError } from '../../../src/core/common/errors';
import type { RunEvent } from '../../../src/core/run/events';
import { projectRun } from '../../../src/core/run/reduce';
import { actionsForCode, errorNotice } from '../../../src/vscode/host/errorActions';
import { compact, progressMessage, usageText } from '../../../src/vscode/host/eventLines';
import { narrate } from '../../../src/core/run/narrate';
import { planMarkdown } from '../../../src/vscode/host/planMarkdown';
import { canContinue, runPhase, summarizeRun } from '../../../src/vscode/host/runList';
import { statusView, UNTRUSTED_NOTE } from '../../../src/vscode/host/statusText';
import { sessionWithPlan, task } from '../../support/runSessions';

const usage = (input: number, output: number) => ({ input, output, cacheRead: 0, cacheWrite: 0 });

/** A real journaled run: plan → approved → t1 proposed, t2 running; each step's events returned. */
async function runUpTo(step: 'gate' | 'working' | 'done') {
  const run = await sessionWithPlan({ summary: 'Discounts', tasks: [task('t1'), task('t2', ['t1'], 'qa')] });
  const { session } = run;
  if (step !== 'gate') {
    await session.emit({ type: 'plan.approved', by: 'user' });
    await session.emit({ type: 'task.started', taskId: 't1', role: 'backend', model: 'gpt-4.1-mini' });
    await session.emit({ type: 'tool.called', taskId: 't1', round: 0, turn: 0, callId: 'c1', tool: 'read_file', summary: 'read src/price.js (lines 1-3)', isError: false });
    await session.emit({ type: 'model.usage', role: 'backend', taskId: 't1', model: 'gpt-4.1-mini', usage: usage(12_000, 400), cost: 0.0052 });
    await session.emit({ type: 'task.finished', taskId: 't1', outcome: 'proposed', summary: 'total(items, discount)' });
    await session.emit({ type: 'task.started', taskId: 't2', role: 'qa', model: 'vscode-lm/gpt-4o' });
  }
  if (step === 'done') {
    await session.emit({ type: 'model.usage', role: 'qa', taskId: 't2', model: 'vscode-lm/gpt-4o', usage: usage(3000, 100) });
    await session.emit({ type: 'task.finished', taskId: 't2', outcome: 'failed', reason: 'ran out of turns', code: 'agent/turn_limit' });
    await session.emit({ type: 'run.finished', outcome: 'incomplete' });
  }
  return run;
}

describe('run phases and summaries', () => {
  it('tell a plan at the gate, an interrupted run and a finished one apart', async () => {
    for (const [step, phase] of [['gate', 'awaiting-approval'], ['working', 'interrupted'], ['done', 'incomplete']] as const) {
      const run = await runUpTo(step);
      try {
        const { state } = run.session;
        assert.equal(runPhase(state), phase, step);
        assert.equal(canContinue(phase), phase === 'interrupted' || phase === 'incomplete', 'an incomplete run continues: its failed task gets a new attempt');
      } finally {
        await run.dispose();
      }
    }
  });

  it('a run cancelled at the gate is still waiting for approval; one cancelled after it is cancelled', () => {
    const cancelledAtGate = { ...projectRun([]), status: 'cancelled' as const, plan: { summary: 's', tasks: [] } };
    assert.equal(runPhase(cancelledAtGate), 'awaiting-approval');
    assert.equal(runPhase({ ...cancelledAtGate, planApproved: true }), 'cancelled');
  });

  it('summarizes a run for the Resume Run picker', async () => {
    const run = await runUpTo('done');
    try {
      const summary = summarizeRun(run.session.state);
      assert.equal(summary.phase, 'incomplete');
      assert.equal(summary.request, 'test request');
      assert.deepEqual([summary.tasks, summary.proposed], [2, 1]);
      assert.equal(summary.description, 'incomplete · 1/2 tasks proposed · 16k tokens · cost unknown');
    } finally {
      await run.dispose();
    }
  });
});

describe('log lines and progress messages', () => {
  it('one line per agent step, none for model turns and usage', async () => {
    const run = await runUpTo('done');
    try {
      const lines = run.session.events.flatMap((e: RunEvent) => narrate(e, run.session.state));
      assert.deepEqual(lines.slice(2), [
        'plan approved (by you)',
        '▶ t1 [backend] started with gpt-4.1-mini',
        '  t1 [backend] read src/price.js (lines 1-3)',
        '✔ t1 [backend] proposed: total(items, discount)',
        '▶ t2 [qa] started with vscode-lm/gpt-4o',
        '✖ t2 [qa] failed: ran out of turns (agent/turn_limit)',
        'run incomplete — 15.5k tokens · cost unknown',
      ]);
      assert.match(lines[0] ?? '', /^run .* started: "test request"/);
    } finally {
      await run.dispose();
    }
  });

  it('progress says how far the tasks are and who works', async () => {
    const run = await runUpTo('working');
    try {
      const last = run.session.events.at(-1) as RunEvent;
      assert.equal(progressMessage(last, run.session.state), '1 of 2 tasks proposed · working: t2 [qa]');
      assert.equal(progressMessage(run.session.events.find((e) => e.type === 'model.usage') as RunEvent, run.session.state), undefined);
    } finally {
      await run.dispose();
    }
  });

  it('formats token counts and cost', async () => {
    assert.deepEqual([compact(999), compact(1234), compact(45_600), compact(2_500_000)], ['999', '1.2k', '45.6k', '2.5M']);
    const run = await runUpTo('working');
    try {
      assert.equal(usageText(run.session.state), '12k tokens · $0.0052', 'the status bar\'s and the sidebar\'s figures');
    } finally {
      await run.dispose();
    }
  });
});

describe('the status bar', () => {
  it('shows the run\'s display: label, counts, tokens and cost, the sidebar\'s own strings', async () => {
    const run = await runUpTo('working');
    try {
      const view = statusView(run.session.state, true, true);
      assert.equal(view.text, '$(sync~spin) Squad: Running · 1/2 done · 1 working · 12k tokens · $0.0052');
      assert.ok(view.visible);
      assert.match(view.tooltip, /^Squad — test request/);
      assert.match(view.tooltip, /Running · 1 of 2 tasks done · 1 working · 12k tokens · \$0\.0052/);
    } finally {
      await run.dispose();
    }
  });

  it('says "cost unknown" once a call had no price, and explains an untrusted workspace', async () => {
    const run = await runUpTo('done');
    try {
      const view = statusView(run.session.state, false, false);
      assert.equal(view.text, '$(shield) $(warning) Squad: Incomplete · 1/2 done · 1 failed · 16k tokens · cost unknown');
      assert.ok(view.tooltip.includes(UNTRUSTED_NOTE));
      assert.match(view.tooltip, /Resume/);
    } finally {
      await run.dispose();
    }
    assert.deepEqual(statusView(undefined, false, true).visible, false, 'no run, trusted: nothing to show');
    assert.equal(statusView(undefined, false, false).tooltip, UNTRUSTED_NOTE);
  });

  it('calls a run nobody works on and whose journal has no end interrupted, and points to Resume', async () => {
    const run = await runUpTo('working');
    try {
      const view = statusView(run.session.state, false, true);
      assert.equal(view.text, '$(debug-pause) Squad: Interrupted · 1/2 done · 1 interrupted · 12k tokens · $0.0052');
      assert.match(view.tooltip, /Resume/);
    } finally {
      await run.dispose();
    }
  });
});

describe('the plan document', () => {
  it('shows tasks, roles, dependencies and results; model text cannot become links or HTML', async () => {
    const run = await sessionWithPlan({ summary: 'See [here](http://evil) <img src=x>', tasks: [task('t1'), task('t2', ['t1'], 'qa')] });
    try {
      const md = planMarkdown(run.session.state, 'awaiting-approval');
      assert.match(md, /Squad: Approve Plan/);
      assert.match(md, /Status: \*\*plan awaits approval\*\*/, 'the gate, not the planner, is what the run waits for');
      assert.match(md, /\| t2 \| qa \| Task t2 \| t1 \| pending \|/);
      assert.ok(md.includes('See \\[here\\]\\(http\\:\\/\\/evil\\) \\<img src\\=x\\>'), 'every punctuation mark of model text is escaped');
      assert.match(planMarkdown(undefined, undefined), /Request Feature/);
    } finally {
      await run.dispose();
    }
  });
});

describe('error actions', () => {
  it('offer the action that fixes the error', () => {
    assert.deepEqual(actionsForCode('config/missing_key').map((a) => a.command), ['squad.setApiKey']);
    assert.deepEqual(actionsForCode('config/invalid').map((a) => a.command), ['workbench.action.openSettings', 'squad.openRunLog']);
    assert.deepEqual(actionsForCode('llm/rate_limited').map((a) => a.command), ['squad.openRunLog']);
    assert.deepEqual(actionsForCode('cancelled'), []);
    const notice = errorNotice(new SquadError('llm/auth', 'OpenAI refused the key.'), 'planning');
    assert.equal(notice.message, 'Squad: planning: OpenAI refused the key.');
    assert.deepEqual(notice.actions?.map((a) => a.title), ['Set API Key', 'Open Run Log']);
  });
});
