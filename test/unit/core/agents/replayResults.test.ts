/**
 * Exact replay: a resumed task's replayed turns use the tool results the journal kept (the text,
 * or for a long read its digest, checked by reading again), and a workspace that changed under
 * the run is noticed — the turns recorded after the one whose result differs are dropped and
 * asked again, and the narrator says so. Journals written before results and blobs still resume.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { agentTurns, call } from '../../../support/agentScripts';
import { proposalsOf } from '../../../support/journalTexts';
import type { Script } from '../../../support/script';
import { type RecordedRequest, type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';
import { crashingStorage, planTask, proposals, requestsFor, type SquadFixture, squadFixture, turnCounts, type ExecuteOptions } from '../../../support/squadHarness';
import type { RunEvent } from '../../../../src/core/run/events';
import { narrate } from '../../../../src/core/run/narrate';
import { proposalTexts } from '../../../../src/core/run/blobs';
import { projectRun } from '../../../../src/core/run/reduce';
import { runEventsPath } from '../../../../src/core/run/journal';

const CONFIG = 'export const port = 3000;\nexport const host = "localhost";\n';
/** Longer than the 1 KB a result is kept whole up to: journaled by digest. */
const BIG = Array.from({ length: 80 }, (_, i) => `export const setting${i} = ${i};`).join('\n') + '\n';
const SERVER = 'import { port } from "./config.js";\nlisten(port);\n// served\n';
const FILES = { 'src/config.js': CONFIG, 'src/big.js': BIG, 'src/server.js': SERVER };
const PLAN = { summary: 'replay', tasks: [planTask('t1')] };

function script(): Script {
  return {
    turns: agentTurns('t1', [
      [call('read_file', { path: 'src/config.js' })],
      [call('read_file', { path: 'src/big.js' })],
      [call('propose_edit', { path: 'src/server.js', edits: [{ search: 'listen(port);', replace: 'listen(port, "0.0.0.0");' }] })],
      [call('finish', { summary: 'Listens on every interface.' })],
    ]),
  };
}

const turnOf = (turn: number) => (e: RunEvent) => e.type === 'model.turn' && e.taskId === 't1' && e.turn === turn;

/** Every text the request's conversation carried, tool results included. */
function conversationText(request: RecordedRequest | undefined): string {
  return JSON.stringify((request?.body as { messages?: unknown } | undefined)?.messages ?? []);
}

describe('replaying journaled tool results', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer(script(), { log: () => {} });
  });
  after(() => server.close());

  /** A run whose process dies right after the event matching `crashAfter` is journaled. */
  async function crashedRun(crashAfter: (e: RunEvent) => boolean, options: ExecuteOptions = {}): Promise<SquadFixture> {
    server.setScript(script());
    let crashed: Promise<void> = Promise.resolve();
    const run = await squadFixture({
      server,
      files: FILES,
      plan: PLAN,
      storage: (inner) => {
        const storage = crashingStorage(inner, crashAfter);
        crashed = storage.crashed;
        return storage;
      },
    });
    const dead = new AbortController();
    void run.execute({ ...options, signal: dead.signal });
    await crashed;
    dead.abort();
    return run;
  }

  it('keeps short results whole and long ones by digest', async () => {
    const run = await crashedRun(turnOf(3));
    try {
      const called = run.session.events.flatMap((e) => (e.type === 'tool.called' ? [e] : []));
      assert.deepEqual(called.map((e) => [e.turn, e.tool, e.result && ('content' in e.result ? 'content' : 'sha256')]), [
        [0, 'read_file', 'content'],
        [1, 'read_file', 'sha256'],
        [2, 'propose_edit', 'content'],
      ]);
      const [short, long] = called.map((e) => e.result);
      assert.ok(short && 'content' in short && short.content.includes('export const host = "localhost";'));
      assert.ok(long && 'sha256' in long && /^[0-9a-f]{64}$/.test(long.sha256) && long.length > 1024);
      // The proposal names its texts by hash; the texts are stored once, as blobs.
      const update = run.session.events.find((e) => e.type === 'proposal.updated');
      assert.ok(update?.type === 'proposal.updated' && update.texts !== undefined && update.changes === undefined);
      assert.deepEqual(proposalTexts(run.session.state.blobs, update), [{ path: 'src/server.js', base: SERVER, content: SERVER.replace('listen(port);', 'listen(port, "0.0.0.0");') }]);
    } finally {
      await run.dispose();
    }
  });

  it('replays a short result from the journal: a file changed since is not read again for it', async () => {
    const run = await crashedRun(turnOf(2));
    try {
      await fs.writeFile(path.join(run.root, 'src/config.js'), CONFIG.replace('localhost', 'example.invalid'));
      await run.resume();
      const since = server.requests.length;
      assert.equal((await run.execute()).outcome, 'completed');
      assert.deepEqual(turnCounts(server, since), { 't1 turn 3': 1 });
      assert.equal(run.session.events.some((e) => e.type === 'replay.diverged'), false);
      // The model goes on with what it was shown before the crash.
      const sent = conversationText(requestsFor(server, 't1 turn 3', since)[0]);
      assert.ok(sent.includes('localhost') && !sent.includes('example.invalid'), sent);
    } finally {
      await run.dispose();
    }
  });

  it('reads a long result again, and when it differs drops the later turns and asks again, saying why', async () => {
    const run = await crashedRun(turnOf(2));
    try {
      const changed = BIG.replace('setting7 = 7', 'setting7 = 700');
      await fs.writeFile(path.join(run.root, 'src/big.js'), changed);
      const resumed = await run.resume();
      const lines: string[] = [];
      const listen = resumed.onEvent((e) => lines.push(...narrate(e, resumed.state)));
      const since = server.requests.length;
      assert.equal((await run.execute()).outcome, 'completed');
      listen.dispose();
      const diverged = resumed.events.filter((e) => e.type === 'replay.diverged');
      assert.deepEqual(diverged.map((e) => e.type === 'replay.diverged' && [e.taskId, e.round, e.turn, e.what, e.dropped]), [['t1', 0, 1, 'read_file src/big.js', 1]]);
      // Turn 2 was recorded on a read that no longer holds: it is asked again, on the new text.
      assert.deepEqual(turnCounts(server, since), { 't1 turn 2': 1, 't1 turn 3': 1 });
      assert.match(conversationText(requestsFor(server, 't1 turn 2', since)[0]), /setting7 = 700/);
      assert.ok(lines.some((l) => /t1 \[backend\]: the workspace changed since turn 2 was recorded \(read_file src\/big\.js differs now\); its 1 later recorded turn is dropped and asked again/.test(l)), lines.join('\n'));
      assert.equal(resumed.state.tasks.t1?.turns.length, 4);
    } finally {
      await run.dispose();
    }
  });

  it('notices a proposal rebuilt on a changed file even when the tool says the same', async () => {
    const run = await crashedRun(turnOf(3));
    try {
      // The edit still applies, and its result reads the same; the text it builds on does not.
      await fs.writeFile(path.join(run.root, 'src/server.js'), SERVER.replace('// served', '// served by the user'));
      const resumed = await run.resume();
      const since = server.requests.length;
      assert.equal((await run.execute()).outcome, 'completed');
      const diverged = resumed.events.filter((e) => e.type === 'replay.diverged');
      assert.deepEqual(diverged.map((e) => e.type === 'replay.diverged' && [e.turn, e.what, e.dropped]), [[2, 'the proposal of src/server.js', 1]]);
      assert.deepEqual(turnCounts(server, since), { 't1 turn 3': 1 });
      assert.match(proposals(resumed).t1?.[0]?.base ?? '', /served by the user/);
    } finally {
      await run.dispose();
    }
  });

  it('resumes a journal written before results and blobs were kept, with the same proposal', async () => {
    server.setScript(script());
    const reference = await squadFixture({ server, files: FILES, plan: PLAN });
    const run = await crashedRun(turnOf(3));
    try {
      await reference.execute();
      // Rewrite the journal as an older Squad wrote it: no results, proposals inline, no blobs.
      const file = path.join(run.journalDir, runEventsPath(run.session.runId));
      const events = (await fs.readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as RunEvent);
      const blobs = projectRun(events).blobs;
      const old = events
        .filter((e) => e.type !== 'blob.stored')
        .map((e, seq) => {
          if (e.type === 'tool.called') {
            const { result: _result, ...rest } = e;
            return { ...rest, seq };
          }
          if (e.type === 'proposal.updated') {
            const { texts: _texts, turn: _turn, ...rest } = e;
            return { ...rest, changes: proposalTexts(blobs, e), seq };
          }
          return { ...e, seq };
        });
      await fs.writeFile(file, `${old.map((e) => JSON.stringify(e)).join('\n')}\n`);

      const resumed = await run.resume();
      assert.deepEqual(proposalsOf(resumed.events, 't1').at(-1), proposals(reference.session).t1);
      const since = server.requests.length;
      assert.equal((await run.execute()).outcome, 'completed');
      assert.deepEqual(turnCounts(server, since), {});
      assert.deepEqual(proposals(resumed), proposals(reference.session));
    } finally {
      await reference.dispose();
      await run.dispose();
    }
  });

  it('never runs the tests again for a replayed turn: their journaled result is what the model saw', async () => {
    const qaScript = (): Script => ({
      turns: agentTurns('t1', [
        [call('run_tests', {})],
        [call('finish', { summary: 'Ran them.' })],
      ]),
    });
    let runs = 0;
    const runTestsFor = async () => `node --test: FAILED — 1 passed, 1 failed (run ${++runs})`;
    server.setScript(qaScript());
    let crashed: Promise<void> = Promise.resolve();
    const run = await squadFixture({
      server,
      files: FILES,
      plan: { summary: 'qa', tasks: [planTask('t1', [], 'qa')] },
      storage: (inner) => {
        const storage = crashingStorage(inner, turnOf(1));
        crashed = storage.crashed;
        return storage;
      },
    });
    try {
      const dead = new AbortController();
      void run.execute({ signal: dead.signal, runTestsFor });
      await crashed;
      dead.abort();
      assert.equal(runs, 1);
      await run.resume();
      assert.equal((await run.execute({ runTestsFor })).outcome, 'completed');
      assert.equal(runs, 1);
      assert.equal(run.session.events.some((e) => e.type === 'replay.diverged'), false);
    } finally {
      await run.dispose();
    }
  });
});
