import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';
import { fragments } from '../../../support/scriptedWire';
import { planTask, squadFixture, statuses } from '../../../support/squadHarness';

const LONG_ANSWER = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');

for (const protocol of ['openai', 'anthropic'] as const) {
  describe(`cancelling a run while the ${protocol} model streams`, () => {
    let server: ScriptedServer;
    before(async () => {
      // 400 words at 50 ms each: 20 s if the stream were not stopped (the test's timeout is 10 s).
      server = await startScriptedServer({ turns: [] }, { log: () => {}, eventIntervalMs: 50 });
    });
    after(() => server.close());

    it('stops the streaming call and the one waiting for its first byte; every task ends cancelled', { timeout: 10_000 }, async () => {
      server.setScript({
        turns: [
          { name: 't1 streams', match: { contains: ['Your task (t1)'] }, reply: { text: LONG_ANSWER } },
          { name: 't2 waits', match: { contains: ['Your task (t2)'] }, fault: { kind: 'slowFirstByte', ms: 60_000 }, reply: { text: 'late' } },
        ],
      });
      const plan = { summary: 'cancel', tasks: [planTask('t1'), planTask('t2', [], 'frontend'), planTask('t3', ['t1'], 'qa')] };
      const run = await squadFixture({ server, files: { 'src/app.js': 'export const app = 1;\n' }, plan, protocol });
      try {
        const controller = new AbortController();
        const tokens: string[] = [];
        const { outcome } = await run.execute({
          concurrency: 2,
          signal: controller.signal,
          onToken: (taskId, text) => {
            if (taskId !== 't1') return;
            tokens.push(text);
            controller.abort(new Error('user pressed stop'));
          },
        });

        assert.equal(outcome, 'cancelled');
        assert.deepEqual(statuses(run.session), { t1: 'cancelled', t2: 'cancelled', t3: 'cancelled' });
        const tasks = run.session.state.tasks;
        assert.equal(tasks.t1?.reason, 'Cancelled while the agent was working.');
        assert.equal(tasks.t1?.code, 'cancelled');
        assert.equal(tasks.t3?.reason, 'The run was cancelled before this task finished.');
        // The stream stopped at the abort: no further tokens, and no turn was recorded as if finished.
        assert.equal(tokens.length, 1);
        assert.ok(tokens.length < fragments(LONG_ANSWER).length);
        assert.equal(run.session.events.filter((e) => e.type === 'model.turn').length, 0);
        assert.equal(run.session.events.filter((e) => e.type === 'task.finished').length, 3);
      } finally {
        await run.dispose();
      }
    });
  });
}
