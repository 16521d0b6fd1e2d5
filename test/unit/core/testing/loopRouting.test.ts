import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { call } from '../../../support/agentScripts';
import { loopFixture } from '../../../support/loopHarness';
import { backendTurns, BUGGY_LINE, DISCOUNT_TEST, FIX_DISCOUNT, fixTurns, qaTurns, SHOP_FILES, SHOP_PLAN } from '../../../support/loopProject';
import { type RecordedRequest, type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';
import type { RunSession } from '../../../../src/core/run/session';

/** The message that opened the conversation of a recorded (OpenAI wire) request. */
function firstUserMessage(request: RecordedRequest | undefined): string {
  const messages = (request?.body as { messages?: { role: string; content: unknown }[] } | undefined)?.messages ?? [];
  const first = messages.find((m) => m.role === 'user');
  return typeof first?.content === 'string' ? first.content : JSON.stringify(first?.content ?? '');
}

const roundsOf = (session: RunSession) =>
  session.state.tests.rounds.map((r) => ({ round: r.round, passed: r.passed, failed: r.failed, failures: r.failures.map((f) => [f.test, f.file, f.taskId, f.kind]), routed: r.routed }));

const history = (session: RunSession, taskId: string) => session.state.tasks[taskId]?.history.map((h) => [h.round, h.outcome]);

/** QA's test calls `totl`, a name that does not exist: the bug is in the test itself. */
const TYPO_TEST = DISCOUNT_TEST.replace('assert.equal(total(', 'assert.equal(totl(');

/**
 * Asks a "price service" (a server of this test, the one endpoint the sandbox lets it reach) and
 * fails when the service times out, which it does the first time only: a flaky test. The sandbox
 * keeps a test from leaving anything behind between runs, so the service keeps the count.
 */
const FLAKY_TEST = [
  "import { test } from 'node:test';",
  "import assert from 'node:assert/strict';",
  "import { total } from '../src/price.js';",
  '',
  "test('total survives a slow price service', async () => {",
  '  const answer = await (await fetch(`http://localhost:${process.env.PRICE_PORT}/`)).text();',
  "  assert.equal(answer === 'timeout' ? 'timeout' : total([{ price: 1 }]), 1);",
  '});',
  '',
].join('\n');

/** Answers "timeout" to the first request and "ok" after: the flaky price service. */
async function priceService(): Promise<{ port: number; calls: () => number; close: () => Promise<void> }> {
  let calls = 0;
  const server = createServer((_req, res) => res.end(calls++ === 0 ? 'timeout' : 'ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, calls: () => calls, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('the test loop: who is asked to fix what', () => {
  let server: ScriptedServer;
  let tmp: string;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-loop-routing-'));
  });
  after(async () => {
    await server.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('the fix request names the failing test, its message, a trace line, the attributed file and the agent\'s own diff', async () => {
    server.setScript({
      turns: [
        ...fixTurns('t1', [[FIX_DISCOUNT], [call('finish', { summary: 'Subtract the discount.' })]]),
        ...backendTurns({ buggy: true }),
        ...qaTurns({ 'test/discount.test.js': DISCOUNT_TEST }),
      ],
    });
    const fx = await loopFixture({ server, files: SHOP_FILES, plan: SHOP_PLAN, command: 'node --test' });
    const since = server.requests.length;
    try {
      assert.equal(await fx.execute(), 'completed');
      assert.equal(await fx.loop(), 'passed');
      assert.deepEqual(roundsOf(fx.session), [
        { round: 0, passed: 1, failed: 1, failures: [['total subtracts the discount', 'src/price.js', 't1', 'routed']], routed: { t1: ['total subtracts the discount'] } },
        { round: 1, passed: 2, failed: 0, failures: [], routed: {} },
      ]);

      const fixRequests = server.requests.slice(since).filter((r) => r.turnName === 't1 fix 1.0');
      assert.equal(fixRequests.length, 1);
      const request = firstUserMessage(fixRequests[0]);
      assert.match(request, /fix round 1 of 2/);
      assert.match(request, /Test command: node --test/);
      assert.match(request, /^- total subtracts the discount \(test\/discount\.test\.js\)$/m);
      assert.match(request, /13 !== 7/);
      assert.match(request, /^ {4}at .*test\/discount\.test\.js:6:\d+/m);
      // Attributed from what the failing test executed (coverage of the re-run), not from its imports alone.
      assert.match(request, /^total subtracts the discount: attributed to src\/price\.js:\d+ — the failing test ran \d+ lines? t1 wrote in src\/price\.js/m);
      // QA wrote the test in this run: it is the specification, which t1 may dispute but not rewrite.
      assert.match(request, /written in this run by t2 from the feature request: treat them as the specification/);
      assert.match(request, /call dispute_test/);
      assert.ok(JSON.stringify(fixRequests[0]!.body).includes('"dispute_test"'), 'the tool is offered');
      // What the test printed reaches the model fenced as data.
      assert.match(request, /<<untrusted-data source="test output" id="[0-9a-f]+">>\n- total subtracts the discount/);
      // Its own diff, and only its own: QA's new test file is not in it.
      assert.ok(request.includes(`+  ${BUGGY_LINE}`), request);
      assert.ok(request.includes('-export function total(items) {'), request);
      assert.ok(!request.includes('assert.equal(total([{ price: 10 }], 3), 7)'), 'QA\'s test is not part of backend\'s diff');
      assert.equal(server.requests.slice(since).some((r) => r.turnName?.startsWith('t2 fix')), false);
      assert.deepEqual(history(fx.session, 't1'), [[0, 'proposed'], [1, 'revised']]);
    } finally {
      await fx.dispose();
    }
  });

  it('a bug in QA\'s own test (a ReferenceError) goes back to QA, not to backend', async () => {
    server.setScript({
      turns: [
        ...fixTurns('t2', [[call('propose_edit', { path: 'test/discount.test.js', edits: [{ search: 'totl(', replace: 'total(' }] })], [call('finish', { summary: 'Fixed the typo in my test.' })]]),
        ...fixTurns('t1', [[call('finish', { summary: 'Nothing to change.' })]]),
        ...backendTurns({ buggy: false }),
        ...qaTurns({ 'test/discount.test.js': TYPO_TEST }),
      ],
    });
    const fx = await loopFixture({ server, files: SHOP_FILES, plan: SHOP_PLAN, command: 'node --test' });
    const since = server.requests.length;
    try {
      assert.equal(await fx.execute(), 'completed');
      assert.equal(await fx.loop(), 'passed');
      const asked = server.requests.slice(since);
      const [round0] = fx.session.state.tests.rounds;
      assert.deepEqual(round0?.failures.map((f) => [f.test, f.file, f.taskId, f.kind]), [['total subtracts the discount', 'test/discount.test.js', 't2', 'routed']]);
      assert.match(round0?.failures[0]?.message ?? '', /ReferenceError: totl is not defined/);
      assert.deepEqual(round0?.routed, { t2: ['total subtracts the discount'] });
      assert.deepEqual(fx.session.events.flatMap((e) => (e.type === 'failure.routed' ? [e.taskId] : [])), ['t2']);
      assert.deepEqual(asked.map((r) => r.turnName), ['t1 turn 0', 't1 turn 1', 't2 turn 0', 't2 turn 1', 't2 fix 1.0', 't2 fix 1.1'], 'backend was not asked');
      assert.match(firstUserMessage(asked.find((r) => r.turnName === 't2 fix 1.0')), /ReferenceError: totl is not defined/);
      assert.deepEqual(history(fx.session, 't2'), [[0, 'proposed'], [1, 'revised']]);
      assert.deepEqual(history(fx.session, 't1'), [[0, 'proposed']]);
    } finally {
      await fx.dispose();
    }
  });

  it('a test that fails once and passes on the rerun with no change is reported flaky: not routed, no fix round', async () => {
    const service = await priceService();
    server.setScript({
      turns: [
        ...fixTurns('t1', [[call('finish', { summary: 'Nothing to change.' })]]),
        ...fixTurns('t2', [[call('finish', { summary: 'Nothing to change.' })]]),
        ...backendTurns({ buggy: false }),
        ...qaTurns({ 'test/discount.test.js': DISCOUNT_TEST, 'test/flaky.test.js': FLAKY_TEST }),
      ],
    });
    const fx = await loopFixture({
      server,
      files: SHOP_FILES,
      plan: SHOP_PLAN,
      command: 'node --test',
      env: { PRICE_PORT: String(service.port) },
      network: { kind: 'endpoints', endpoints: [{ host: 'localhost', port: service.port }] },
    });
    try {
      assert.equal(await fx.execute(), 'completed');
      const since = server.requests.length;
      assert.equal(await fx.loop(), 'passed');
      assert.equal(service.calls() >= 2, true, 'the flaky test did run twice: it failed once, then passed');
      const finished = fx.session.events.flatMap((e) => (e.type === 'tests.finished' ? [e] : []));
      assert.equal(finished.length, 1, 'one round: no fix round was started');
      assert.deepEqual(finished[0]?.failures.map((f) => [f.test, f.kind]), [['total survives a slow price service', 'flaky']]);
      assert.equal(finished[0]?.failed, 0);
      assert.equal(finished[0]?.passed, 3);
      assert.deepEqual(fx.session.events.filter((e) => e.type === 'failure.routed' || e.type === 'fix.started'), []);
      assert.deepEqual(server.requests.slice(since).map((r) => r.turnName), [], 'no agent was asked anything');
      assert.equal(fx.session.state.tests.settled?.outcome, 'passed');
    } finally {
      await fx.dispose();
      await service.close();
    }
  });
});
