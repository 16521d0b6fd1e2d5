import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { agentTurns, call } from '../../../support/agentScripts';
import { runSquadCli } from '../../../support/cliHarness';
import type { Script } from '../../../support/script';
import { type RecordedRequest, type ScriptedServer, startScriptedServer } from '../../../support/scriptedServer';
import type { RunEvent } from '../../../../src/core/run/events';
import {
  crashingStorage,
  eventHappened,
  gatedModel,
  planTask,
  proposals,
  requestsFor,
  type SquadFixture,
  squadFixture,
  statuses,
  turnCounts,
} from '../../../support/squadHarness';

const FILES = {
  'src/config.js': 'export const port = 3000;\nexport const host = "localhost";\n',
  'src/server.js': 'import { port } from "./config.js";\nlisten(port);\n',
};

const PLAN = {
  summary: 'Configurable server',
  tasks: [planTask('t1', [], 'database'), planTask('t2', [], 'backend'), planTask('t3', ['t1', 't2'], 'qa')],
};

function script(): Script {
  return {
    turns: [
      ...agentTurns('t1', [
        [call('create_file', { path: 'src/db.js', content: 'export const db = {};\n' })],
        [call('finish', { summary: 'Added db.js.' })],
      ]),
      ...agentTurns('t2', [
        [call('read_file', { path: 'src/config.js' })],
        [call('propose_edit', { path: 'src/config.js', edits: [{ search: 'port = 3000', replace: 'port = Number(process.env.PORT ?? 3000)' }] })],
        [call('propose_edit', { path: 'src/server.js', edits: [{ search: 'listen(port);', replace: 'listen(port, host);' }, { search: 'import { port }', replace: 'import { host, port }' }] })],
        [call('finish', { summary: 'Port from the environment; listens on host.' })],
      ]),
      ...agentTurns('t3', [
        [call('read_file', { path: 'src/server.js' })],
        [call('finish', { summary: 'Looks right.' })],
      ]),
    ],
  };
}

/** t2's second model call waits for t1 to be done, so the crash point below always finds t1 proposed. */
const afterT1 = (run: () => SquadFixture) => ({
  wrapModel: (m: Parameters<typeof gatedModel>[0]) =>
    gatedModel(m, { 't2 turn 1': () => eventHappened(run().session, (e) => e.type === 'task.finished' && e.taskId === 't1') }),
});

/** The process dies right after t2's second model reply is in the journal, before its tools ran. */
const T2_SECOND_TURN = (e: RunEvent) => e.type === 'model.turn' && e.taskId === 't2' && e.turn === 1;

/** A request's conversation without the random tool-call ids, to compare two runs. */
function conversation(request: RecordedRequest | undefined): unknown {
  const body = request?.body as { messages: Record<string, unknown>[] } | undefined;
  return body?.messages.map(({ tool_call_id: _id, tool_calls: calls, ...rest }) => ({
    ...rest,
    ...(Array.isArray(calls) ? { tool_calls: calls.map((c: { function: unknown }) => c.function) } : {}),
  }));
}

interface CrashOptions {
  readonly files?: Record<string, string>;
  readonly plan?: typeof PLAN;
  readonly crashAfter?: (e: RunEvent) => boolean;
  readonly gated?: boolean;
}

/** Runs the squad in a crashing process: returns once the journal holds the crash point and nothing after it. */
async function crashedRun(server: ScriptedServer, options: CrashOptions = {}): Promise<SquadFixture> {
  let crashed: Promise<void> = Promise.resolve();
  const run = await squadFixture({
    server,
    files: options.files ?? FILES,
    plan: options.plan ?? PLAN,
    storage: (inner) => {
      const storage = crashingStorage(inner, options.crashAfter ?? T2_SECOND_TURN);
      crashed = storage.crashed;
      return storage;
    },
  });
  const dead = new AbortController();
  // Never settles: its process "died" with the journal's appends hanging. Aborted only to free sockets.
  void run.execute({ concurrency: 2, signal: dead.signal, ...(options.gated === false ? {} : afterT1(() => run)) });
  await crashed;
  dead.abort();
  return run;
}

describe('a crash mid-run, then resume', () => {
  let server: ScriptedServer;
  let home: string;
  before(async () => {
    server = await startScriptedServer(script(), { log: () => {} });
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-home-'));
  });
  after(async () => {
    await server.close();
    await fs.rm(home, { recursive: true, force: true });
  });

  it('replays recorded turns instead of paying for them again, and ends with the proposals of an uninterrupted run', async () => {
    // The reference: the same script, never interrupted.
    server.setScript(script());
    const reference = await squadFixture({ server, files: FILES, plan: PLAN });
    const referenceStart = server.requests.length;
    let crashed: SquadFixture | undefined;
    try {
      assert.equal((await reference.execute({ concurrency: 2, ...afterT1(() => reference) })).outcome, 'completed');
      const referenceT2Turn2 = requestsFor(server, 't2 turn 2', referenceStart)[0];

      server.setScript(script());
      const beforeCrash = server.requests.length;
      crashed = await crashedRun(server);
      assert.deepEqual(turnCounts(server, beforeCrash), { 't1 turn 0': 1, 't1 turn 1': 1, 't2 turn 0': 1, 't2 turn 1': 1 });

      const resumed = await crashed.resume();
      assert.deepEqual(statuses(resumed), { t1: 'proposed', t2: 'running', t3: 'pending' });
      assert.equal(resumed.state.tasks.t2?.turns.length, 2);

      const afterCrash = server.requests.length;
      const { outcome } = await crashed.execute({ concurrency: 2 });
      assert.equal(outcome, 'completed');
      // Nothing already answered is asked again: not t1, not t2's first two turns.
      assert.deepEqual(turnCounts(server, afterCrash), { 't2 turn 2': 1, 't2 turn 3': 1, 't3 turn 0': 1, 't3 turn 1': 1 });
      // t2 picked up with exactly the conversation it would have had.
      assert.deepEqual(conversation(requestsFor(server, 't2 turn 2', afterCrash)[0]), conversation(referenceT2Turn2));
      assert.deepEqual(proposals(resumed), proposals(reference.session));
      assert.deepEqual(statuses(resumed), { t1: 'proposed', t2: 'proposed', t3: 'proposed' });
      assert.equal(resumed.events.filter((e) => e.type === 'task.started' && e.taskId === 't1').length, 1);
    } finally {
      await reference.dispose();
      await crashed?.dispose();
    }
  });

  it('squad run --resume RUN_ID --journal DIR continues the crashed run through the CLI', async () => {
    server.setScript(script());
    const crashed = await crashedRun(server);
    try {
      const since = server.requests.length;
      const env = { HOME: home, SQUAD_PROVIDER: 'openai', SQUAD_BASE_URL: server.openaiBaseUrl, SQUAD_MODEL: 'scripted' };
      const argv = ['run', '--resume', crashed.session.runId, '--journal', crashed.journalDir, '--workspace', crashed.root, '--json'];
      const result = await runSquadCli(argv, env, crashed.root);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, / — resumed/);
      const out = JSON.parse(result.stdout) as { status: string; tasks: { id: string; status: string; files: { path: string; diff: string }[] }[] };
      assert.equal(out.status, 'completed');
      assert.deepEqual(out.tasks.map((t) => [t.id, t.status, t.files.map((f) => f.path)]), [
        ['t1', 'proposed', ['src/db.js']],
        ['t2', 'proposed', ['src/config.js', 'src/server.js']],
        ['t3', 'proposed', []],
      ]);
      assert.match(out.tasks[1]?.files[1]?.diff ?? '', /\+import \{ host, port \} from "\.\/config\.js";/);
      assert.deepEqual(turnCounts(server, since), { 't2 turn 2': 1, 't2 turn 3': 1, 't3 turn 0': 1, 't3 turn 1': 1 });
      // Proposals only: the workspace is as it was.
      assert.equal(await fs.readFile(path.join(crashed.root, 'src/config.js'), 'utf8'), FILES['src/config.js']);
    } finally {
      await crashed.dispose();
    }
  });

  it('after Ctrl-C (a cancelled run), --resume continues the cancelled tasks from their recorded turns', async () => {
    server.setScript(script());
    const run = await squadFixture({ server, files: FILES, plan: PLAN });
    try {
      // The first Ctrl-C of the CLI aborts its signal: running tasks end 'cancelled', the run too.
      const ctrlC = new AbortController();
      const stop = run.session.onEvent((e) => { if (T2_SECOND_TURN(e)) ctrlC.abort(new Error('Interrupted')); });
      const first = await run.execute({ concurrency: 2, signal: ctrlC.signal, ...afterT1(() => run) });
      stop.dispose();
      assert.equal(first.outcome, 'cancelled');
      await run.session.emit({ type: 'run.finished', outcome: first.outcome });
      assert.deepEqual(statuses(run.session), { t1: 'proposed', t2: 'cancelled', t3: 'cancelled' });

      const since = server.requests.length;
      const env = { HOME: home, SQUAD_PROVIDER: 'openai', SQUAD_BASE_URL: server.openaiBaseUrl, SQUAD_MODEL: 'scripted' };
      const argv = ['run', '--resume', run.session.runId, '--journal', run.journalDir, '--workspace', run.root, '--json'];
      const result = await runSquadCli(argv, env, run.root);
      const out = JSON.parse(result.stdout) as { status: string; tasks: { id: string; status: string }[] };
      assert.deepEqual(out.tasks.map((t) => `${t.id}:${t.status}`), ['t1:proposed', 't2:proposed', 't3:proposed']);
      assert.equal(out.status, 'completed');
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(turnCounts(server, since), { 't2 turn 2': 1, 't2 turn 3': 1, 't3 turn 0': 1, 't3 turn 1': 1 });
    } finally {
      await run.dispose();
    }
  });

  it('a replayed call with broken JSON gets the same error text as when it was live', async () => {
    const brokenScript = (): Script => ({
      turns: agentTurns('t1', [
        [{ name: 'read_file', arguments: '{"path": "src/config.js"' }],
        [call('read_file', { path: 'src/config.js' })],
        [call('finish', { summary: 'Read it.' })],
      ]),
    });
    const plan = { summary: 'broken json', tasks: [planTask('t1')] };
    server.setScript(brokenScript());
    const reference = await squadFixture({ server, files: FILES, plan });
    let crashed: SquadFixture | undefined;
    try {
      const referenceStart = server.requests.length;
      await reference.execute();
      const live = conversation(requestsFor(server, 't1 turn 2', referenceStart)[0]);

      server.setScript(brokenScript());
      crashed = await crashedRun(server, { plan, gated: false, crashAfter: (e) => e.type === 'model.turn' && e.taskId === 't1' && e.turn === 1 });
      await crashed.resume();
      const afterCrash = server.requests.length;
      assert.equal((await crashed.execute()).outcome, 'completed');
      assert.deepEqual(turnCounts(server, afterCrash), { 't1 turn 2': 1 });
      assert.deepEqual(conversation(requestsFor(server, 't1 turn 2', afterCrash)[0]), live);
    } finally {
      await reference.dispose();
      await crashed?.dispose();
    }
  });

  it('the tool calls and usage of the turn in flight at the crash are recorded after resume', {
  }, async () => {
    server.setScript(script());
    const crashed = await crashedRun(server);
    try {
      await crashed.resume();
      await crashed.execute({ concurrency: 2 });
      const session = crashed.session;
      // t2's turn 1 (propose_edit of src/config.js) ran only after the resume.
      assert.deepEqual(session.state.tasks.t2?.activity.filter((a) => a.turn === 1).map((a) => a.tool), ['propose_edit']);
      // Four model calls of t2 were paid for; all four must be counted.
      assert.equal(session.state.usageByTask.t2?.calls, 4);
    } finally {
      await crashed.dispose();
    }
  });
});
