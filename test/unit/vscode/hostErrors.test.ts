import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SquadError } from '../../../src/core/common/errors';
import { planTurn } from '../../support/agentScripts';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { eventTypes, hostFixture, noticeText } from './support/hostHarness';
import { script, T1_TURNS, UNTESTED_FILES } from './support/hostScripts';

const commandsOf = (n: { actions?: readonly { command: string }[] } | undefined) => (n?.actions ?? []).map((a) => a.command);

describe('RunController: failures and what the user is told', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
  });
  after(() => server.close());

  it('a missing key is an error with Set API Key, before any run is journaled', async () => {
    server.setScript(script());
    const f = await hostFixture(server, UNTESTED_FILES);
    f.modelError = new SquadError('config/missing_key', 'No API key for openai: run "Squad: Set API Key".');
    const requests = server.requests.length;
    try {
      await f.controller.requestFeature('Add discounts');
      const notice = f.notices.at(-1);
      assert.equal(notice?.severity, 'error');
      assert.deepEqual(commandsOf(notice), ['squad.setApiKey']);
      assert.equal(f.controller.state, undefined);
      assert.deepEqual(await f.controller.listRuns(), []);
      assert.equal(server.requests.length, requests);
    } finally {
      await f.dispose();
    }
  });

  it('a planner that never gives a valid plan fails the run (journaled) with Open Run Log; resuming plans again', async () => {
    const cyclic = { summary: 'x', tasks: [{ id: 'a', role: 'backend', title: 'A', description: 'a', dependsOn: ['b'] }, { id: 'b', role: 'backend', title: 'B', description: 'b', dependsOn: ['a'] }] };
    server.setScript({ turns: [planTurn(cyclic)] });
    const f = await hostFixture(server, UNTESTED_FILES);
    try {
      await f.controller.requestFeature('Add discounts');
      assert.equal(f.controller.state?.status, 'failed');
      assert.equal(f.controller.state?.error?.code, 'plan/invalid');
      assert.equal(f.controller.phase, 'failed');
      assert.deepEqual(commandsOf(f.notices.at(-1)), ['squad.openRunLog']);
      assert.ok(f.lines.some((l) => l.startsWith('ERROR run failed (plan/invalid)')), f.lines.join('\n'));
      assert.equal(f.lines.filter((l) => l.startsWith('ERROR')).length, 1, `the failure is logged once:\n${f.lines.join('\n')}`);

      server.setScript(script());
      await f.controller.resume();
      assert.equal(f.controller.phase, 'awaiting-approval');
    } finally {
      await f.dispose();
    }
  });

  it('a key the provider refuses is llm/auth with Set API Key and Open Run Log, and no key in the message', async () => {
    server.setScript({ turns: [{ name: 'refuse', fault: { kind: 'status', status: 401, message: 'Incorrect API key provided: sk-live-abcdef123456' } }] });
    const f = await hostFixture(server, UNTESTED_FILES);
    try {
      await f.controller.requestFeature('Add discounts');
      assert.equal(f.controller.state?.error?.code, 'llm/auth');
      const notice = f.notices.at(-1);
      assert.deepEqual(commandsOf(notice), ['squad.setApiKey', 'squad.openRunLog']);
      assert.doesNotMatch(`${notice?.message} ${f.lines.join('\n')}`, /abcdef123456/);
    } finally {
      await f.dispose();
    }
  });

  it('a second request while one works is refused with Cancel Run; the first is not disturbed', async () => {
    server.setScript({ turns: [planTurn({ summary: 'Discounts', tasks: [{ id: 't1', role: 'backend', title: 'Apply a discount', description: 'd', dependsOn: [] }] }), ...T1_TURNS] });
    const f = await hostFixture(server, UNTESTED_FILES, { autonomy: 'review-changes' });
    try {
      const c = f.controller;
      let second: Promise<void> | undefined;
      c.onDidEvent(({ event }) => {
        if (event.type === 'plan.requested' && !second) second = c.requestFeature('Something else');
      });
      await c.requestFeature('Add discounts');
      await second;
      assert.deepEqual(commandsOf(f.notices.find((n) => /already working/.test(n.message))), ['squad.cancelRun'], noticeText(f));
      assert.equal(c.state?.request, 'Add discounts');
      assert.equal(c.state?.status, 'completed');
      assert.equal(eventTypes(f.events).filter((t) => t === 'run.started').length, 1);
    } finally {
      await f.dispose();
    }
  });

  it('without an open folder nothing starts and the user is told to open one', async () => {
    server.setScript(script());
    const f = await hostFixture(server, UNTESTED_FILES);
    f.folderOpen = false;
    const requests = server.requests.length;
    try {
      await f.controller.requestFeature('Add discounts');
      await f.controller.resume();
      assert.equal(f.notices.length, 2);
      assert.ok(f.notices.every((n) => n.severity === 'warning' && /Open a folder first/.test(n.message)), noticeText(f));
      assert.equal(server.requests.length, requests);
    } finally {
      await f.dispose();
    }
  });
});
