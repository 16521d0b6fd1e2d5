/**
 * The host guards the user's intent: a new request over a waiting plan or unapplied accepted
 * changes asks first; a request refused for a missing key or a working run keeps its text and is
 * offered again once the key is set or the run stops. Real journal, workspace and scripted server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { SquadError } from '../../../src/core/common/errors';
import { planTurn } from '../../support/agentScripts';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { hostFixture, noticeText } from './support/hostHarness';
import { script, ONE_TASK_PLAN, T1_TURNS, UNTESTED_FILES } from './support/hostScripts';

describe('RunController: guarding the user\'s intent', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
  });
  after(() => server.close());

  it('asks before a new request replaces a plan that waits at the gate; Keep Current keeps it and the text', async () => {
    server.setScript(script());
    const f = await hostFixture(server, UNTESTED_FILES);
    try {
      const c = f.controller;
      await c.requestFeature('Add discounts');
      const first = c.state?.runId;
      assert.equal(c.phase, 'awaiting-approval');

      f.answer = () => 'Keep Current';
      await c.requestFeature('Add coupons');
      assert.equal(f.confirmed.length, 1);
      assert.match(f.confirmed[0]!.message, /A plan waits for your approval\. Replace that run with the new request "Add coupons"\?/);
      assert.deepEqual(f.confirmed[0]!.choices, ['Replace', 'Keep Current']);
      assert.equal(c.state?.runId, first, 'the waiting plan is kept');
      assert.equal(c.phase, 'awaiting-approval');
      assert.equal(c.pendingRequest, 'Add coupons', 'the refused request keeps its text');

      f.answer = (_m, choices) => choices.find((x) => x === 'Replace');
      await c.requestFeature('Add coupons');
      assert.equal(f.confirmed.length, 2);
      assert.notEqual(c.state?.runId, first, 'replaced by a new run');
      assert.equal(c.state?.request, 'Add coupons');
      assert.equal(c.pendingRequest, undefined, 'a started request is no longer pending');
      assert.equal((await c.listRuns()).length, 2, 'the replaced run stays in the journal');
    } finally {
      await f.dispose();
    }
  });

  it('asks before a new request leaves accepted changes unapplied, and not once they are applied', async () => {
    server.setScript(script());
    const f = await hostFixture(server, UNTESTED_FILES);
    try {
      const c = f.controller;
      await c.requestFeature('Add discounts');
      await c.approvePlan();
      assert.equal(c.state?.status, 'completed');
      await c.decide({ kind: 'run' }, 'accepted');
      f.answer = () => undefined; // the dialog dismissed: read as "keep"
      await c.requestFeature('Add coupons');
      assert.match(f.confirmed.at(-1)?.message ?? '', /1 accepted change is not applied yet/);
      assert.equal(c.state?.request, 'Add discounts');

      const outcome = await c.apply();
      assert.equal(outcome.kind, 'applied');
      assert.match(await fs.readFile(path.join(f.root, 'src/price.js'), 'utf8'), /discount = 0/);
      const asked = f.confirmed.length;
      await c.requestFeature('Add coupons');
      assert.equal(f.confirmed.length, asked, 'nothing would be lost: no question');
      assert.equal(c.state?.request, 'Add coupons');
    } finally {
      await f.dispose();
    }
  });

  it('keeps a request refused for a missing key and offers to send it once the key is set', async () => {
    server.setScript(script());
    const f = await hostFixture(server, UNTESTED_FILES);
    f.modelError = new SquadError('config/missing_key', 'No API key for openai: run "Squad: Set API Key".');
    try {
      const c = f.controller;
      assert.equal(c.keySaved(), false, 'nothing to offer yet');
      await c.requestFeature('Add discounts');
      assert.equal(c.state === undefined, true, 'no run was started');
      const refused = f.notices.at(-1);
      assert.match(refused?.message ?? '', /No API key.*Your request is kept/);
      assert.deepEqual(refused?.actions?.map((a) => a.command), ['squad.setApiKey']);
      assert.equal(c.pendingRequest, 'Add discounts');

      delete f.modelError;
      assert.equal(c.keySaved(), true);
      const offer = f.notices.at(-1);
      assert.equal(offer?.message, 'Squad: The API key is set. Send your request "Add discounts" now?');
      assert.deepEqual(offer?.actions, [{ title: 'Send Request', command: 'squad.requestFeature', args: ['Add discounts'] }]);
      assert.equal(c.keySaved(), false, 'offered once');

      // The button runs Request Feature with the kept text.
      await c.requestFeature(String(offer?.actions?.[0]?.args?.[0]));
      assert.equal(c.state?.request, 'Add discounts');
      assert.equal(c.phase, 'awaiting-approval');
      assert.equal(c.pendingRequest, undefined);
    } finally {
      await f.dispose();
    }
  });

  it('keeps a request made while a run works and offers it when the run stops', async () => {
    server.setScript({ turns: [{ ...planTurn(ONE_TASK_PLAN), delayMs: 400 }, ...T1_TURNS] });
    const f = await hostFixture(server, UNTESTED_FILES);
    try {
      const c = f.controller;
      const first = c.requestFeature('Add discounts');
      await waitFor(() => c.busy);
      await c.requestFeature('Add coupons');
      assert.match(noticeText(f), /already working\. Your request "Add coupons" is kept/);
      assert.equal(c.pendingRequest, 'Add coupons');
      assert.equal(f.notices.some((n) => n.actions?.some((a) => a.args?.[0] === 'Add coupons')), false, 'not offered while the run works');
      await first;
      assert.equal(c.busy, false);
      const offer = f.notices.at(-1);
      assert.equal(offer?.message, 'Squad: The Squad run has stopped. Send your request "Add coupons" now?');
      assert.deepEqual(offer?.actions?.[0]?.args, ['Add coupons']);
      assert.equal(c.state?.request, 'Add discounts', 'nothing was started on its own');
    } finally {
      await f.dispose();
    }
  });
});

async function waitFor(ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('gave up waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
