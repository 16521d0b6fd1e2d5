import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { agentTurns, call, planTurn } from '../../support/agentScripts';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { eventTypes, hostFixture, noticeText } from './support/hostHarness';
import { PRICE_JS, script, TESTED_FILES, TWO_TASK_PLAN } from './support/hostScripts';

describe('RunController: the test command, workspace trust and apply-when-tests-pass', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
  });
  after(() => server.close());

  it('asks once for the exact command, runs the tests in a scratch copy, and remembers the approval', async () => {
    server.setScript(script(TWO_TASK_PLAN));
    const f = await hostFixture(server, TESTED_FILES, { autonomy: 'review-changes' });
    try {
      await f.controller.requestFeature('Add discounts');
      assert.equal(f.asked.length, 1);
      assert.equal(f.asked[0]?.command, 'npm test', 'the user approves the command as the project states it');
      assert.match(f.asked[0]?.runs ?? '', /^npm test -- --test-reporter/, 'and is shown the reporter options Squad adds');
      const state = f.controller.state;
      assert.equal(state?.tests.settled?.outcome, 'passed', state?.tests.settled?.summary);
      assert.equal(state?.tests.rounds[0]?.passed, 2, 'the existing test and the QA agent\'s new one');
      assert.equal(await fs.readFile(path.join(f.root, 'src/price.js'), 'utf8'), PRICE_JS, 'nothing was written to the workspace');
      assert.equal(f.applied, 0);

      // A second run: the approval is remembered for this workspace and command.
      await f.controller.requestFeature('Add discounts again');
      assert.equal(f.asked.length, 1);
      assert.equal(f.controller.state?.tests.settled?.outcome, 'passed');
    } finally {
      await f.dispose();
    }
  });

  it('skips the tests when the user does not allow the command, and still proposes', async () => {
    server.setScript(script(TWO_TASK_PLAN));
    const f = await hostFixture(server, TESTED_FILES, { autonomy: 'review-changes' });
    f.allowTests = false;
    try {
      await f.controller.requestFeature('Add discounts');
      assert.equal(f.asked.length, 1);
      assert.equal(f.controller.state?.status, 'completed');
      assert.ok(!eventTypes(f.events).includes('tests.started'), eventTypes(f.events).join(' '));
      assert.deepEqual(eventTypes(f.events).filter((t) => t.startsWith('tests.')), ['tests.approvalRequested', 'tests.approvalDecided', 'tests.skipped'], 'the question and the answer are journaled');
      assert.ok(f.lines.some((l) => l.includes('you did not allow "npm test"')), f.lines.join('\n'));
      // Declining is not remembered: the next run asks again.
      f.allowTests = true;
      await f.controller.requestFeature('Add discounts again');
      assert.equal(f.asked.length, 2);
    } finally {
      await f.dispose();
    }
  });

  it('never runs a command in an untrusted workspace, says why, and runs it once trust is granted', async () => {
    server.setScript(script(TWO_TASK_PLAN));
    const f = await hostFixture(server, TESTED_FILES, { autonomy: 'review-changes', testCommand: 'node --test' });
    f.trusted = false;
    try {
      await f.controller.requestFeature('Add discounts');
      assert.equal(f.asked.length, 0, 'not even asked');
      assert.equal(f.controller.state?.status, 'completed', 'planning and proposals still work');
      assert.deepEqual(eventTypes(f.events).filter((t) => t.startsWith('tests.')), ['tests.skipped'], 'no question, no run');
      assert.ok(f.lines.some((l) => l.startsWith('WARN tests will not run: the workspace is not trusted')), f.lines.join('\n'));
      const warning = f.notices.find((n) => n.severity === 'warning' && /not trusted/.test(n.message));
      assert.ok(warning?.actions?.some((a) => a.command === 'workbench.trust.manage'), noticeText(f));

      f.trusted = true;
      await f.controller.requestFeature('Add discounts, trusted now');
      assert.equal(f.asked[0]?.command, 'node --test', 'the setting is what the user approves');
      assert.equal(f.controller.state?.tests.settled?.outcome, 'passed');
    } finally {
      await f.dispose();
    }
  });

  it('apply-when-tests-pass accepts the whole run and applies it once the tests pass', async () => {
    server.setScript(script(TWO_TASK_PLAN));
    const f = await hostFixture(server, TESTED_FILES, { autonomy: 'apply-when-tests-pass' });
    try {
      await f.controller.requestFeature('Add discounts');
      const types = eventTypes(f.events);
      assert.equal(f.applied, 1);
      assert.ok(types.indexOf('review.decided') > types.indexOf('tests.settled'), 'accepted after the tests passed');
      const decided = f.events.find((e) => e.type === 'review.decided');
      assert.deepEqual(decided?.type === 'review.decided' && { scope: decided.scope, decision: decided.decision }, { scope: { kind: 'run' }, decision: 'accepted' });
    } finally {
      await f.dispose();
    }
  });

  it('apply-when-tests-pass leaves the changes for review when the tests did not run', async () => {
    server.setScript(script(TWO_TASK_PLAN));
    const f = await hostFixture(server, TESTED_FILES, { autonomy: 'apply-when-tests-pass' });
    f.trusted = false;
    try {
      await f.controller.requestFeature('Add discounts');
      assert.equal(f.controller.state?.status, 'completed');
      assert.equal(f.applied, 0);
      assert.ok(!eventTypes(f.events).includes('review.decided'));
      assert.ok(f.notices.some((n) => /Nothing was applied: the tests did not run/.test(n.message) && n.actions?.some((a) => a.command === 'squad.reviewChanges')), noticeText(f));
    } finally {
      await f.dispose();
    }
  });
});

describe('RunController: squad.ignore', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
  });
  after(() => server.close());

  it('keeps ignored files out of the planner\'s summary and out of the agents\' reach', async () => {
    const plan = { summary: 'Notes', tasks: [{ id: 't1', role: 'backend', title: 'Read notes', description: 'Read the notes.', dependsOn: [] }] };
    server.setScript({ turns: [planTurn(plan), ...agentTurns('t1', [[call('read_file', { path: 'private/notes.md' })], [call('finish', { summary: 'Could not read them.' })]])] });
    const f = await hostFixture(server, { ...TESTED_FILES, 'private/notes.md': 'internal roadmap\n' }, { autonomy: 'review-changes', ignore: ['private/'] });
    f.allowTests = false;
    const requests = server.requests.length;
    try {
      await f.controller.requestFeature('Use the notes');
      const read = f.events.find((e) => e.type === 'tool.called' && e.tool === 'read_file');
      assert.equal(read?.type === 'tool.called' && read.isError, true, 'the sandbox refused the ignored file');
      const plannerBody = JSON.stringify(server.requests[requests]?.body);
      assert.ok(plannerBody.includes('price.test.js'), 'the summary lists the workspace');
      assert.ok(!plannerBody.includes('private') && !plannerBody.includes('notes.md'), 'but not the ignored folder');
    } finally {
      await f.dispose();
    }
  });
});
