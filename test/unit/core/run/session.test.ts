import assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isSquadError } from '../../../../src/core/common/errors';
import type { Clock, Storage } from '../../../../src/core/ports';
import type { RunEventPayload } from '../../../../src/core/run/events';
import { readRunEvents, runEventsPath } from '../../../../src/core/run/journal';
import { projectRun } from '../../../../src/core/run/reduce';
import { newRunId, RunSession } from '../../../../src/core/run/session';
import { createFsStorage } from '../../../../src/node/fsStorage';

function steppingClock(start = Date.UTC(2025, 2, 14, 9, 15, 2, 123), step = 7): Clock {
  let t = start - step;
  return { now: () => (t += step) };
}

const plan = {
  summary: 'Todos',
  tasks: [{ id: 'api', role: 'backend', title: 'API', description: 'Endpoints.', dependsOn: [] }],
};

describe('RunSession', () => {
  let root: string;
  before(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-session-'));
  });
  after(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  const start = (storage: Storage, runId?: string) =>
    RunSession.start({ storage, clock: steppingClock(), runId, request: 'Add todos', workspaceName: 'shop', roles: ['backend', 'qa'] });

  it('starts a run with a generated id and records run.started', async () => {
    const storage = createFsStorage(root);
    const session = await start(storage);
    assert.match(session.runId, /^20250314-091502-123-[0-9a-f]{8}$/);
    assert.equal(session.events.length, 1);
    assert.deepEqual(session.events[0], {
      type: 'run.started',
      request: 'Add todos',
      workspaceName: 'shop',
      roles: ['backend', 'qa'],
      runId: session.runId,
      seq: 0,
      at: Date.UTC(2025, 2, 14, 9, 15, 2, 130), // the clock's second reading: the first named the run
    });
    assert.equal(session.state.status, 'planning');
    assert.deepEqual(await readRunEvents(storage, session.runId), session.events);
  });

  it('refuses to start a run id that already has events', async () => {
    const storage = createFsStorage(root);
    await start(storage, 'taken');
    await assert.rejects(start(storage, 'taken'), (err: unknown) => isSquadError(err, 'run/exists'));
  });

  it('journals an event before listeners see it, with the state already updated', async () => {
    const storage = createFsStorage(root);
    const session = await start(storage, 'listeners');
    const file = path.join(root, runEventsPath('listeners'));
    const seen: { type: string; linesOnDisk: number; status: string }[] = [];
    const subscription = session.onEvent((event) => {
      const linesOnDisk = readFileSync(file, 'utf8').trimEnd().split('\n').length;
      seen.push({ type: event.type, linesOnDisk, status: session.state.status });
    });
    await session.emit({ type: 'plan.proposed', attempt: 1, plan });
    await session.emit({ type: 'run.finished', outcome: 'planned' });
    subscription.dispose();
    await session.emit({ type: 'run.failed', code: 'cancelled', message: 'after the end' });
    assert.deepEqual(seen, [
      { type: 'plan.proposed', linesOnDisk: 2, status: 'planning' },
      { type: 'run.finished', linesOnDisk: 3, status: 'planned' },
    ]);
  });

  it('gives concurrent emits consecutive sequence numbers in journal order', async () => {
    const storage = createFsStorage(root);
    const session = await start(storage, 'concurrent');
    const payloads: RunEventPayload[] = Array.from({ length: 60 }, (_, i) => ({
      type: 'model.usage',
      role: i % 2 === 0 ? 'backend' : 'qa',
      taskId: `t${i}`,
      model: 'm',
      usage: { input: i, output: 1, cacheRead: 0, cacheWrite: 0 },
      cost: 0.5,
    }));
    const emitted = await Promise.all(payloads.map((p) => session.emit(p)));
    assert.deepEqual(emitted.map((e) => e.seq), Array.from({ length: 60 }, (_, i) => i + 1));
    assert.deepEqual(
      emitted.map((e) => (e.type === 'model.usage' ? e.taskId : '')),
      payloads.map((p) => (p.type === 'model.usage' ? p.taskId : '')),
    );
    const onDisk = await readRunEvents(storage, 'concurrent');
    assert.deepEqual(onDisk, session.events);
    assert.equal(session.state.usage.calls, 60);
    assert.equal(session.state.usage.tokens.input, (59 * 60) / 2);
    assert.equal(session.state.usage.cost, 30);
  });

  it('resumes into the identical projection and continues the sequence', async () => {
    const storage = createFsStorage(root);
    const session = await start(storage, 'resumable');
    await session.emit({ type: 'plan.requested', attempt: 1 });
    await session.emit({ type: 'plan.rejected', attempt: 1, problems: ['task "x" depends on itself'] });
    await session.emit({ type: 'model.usage', role: 'planner', model: 'local', usage: { input: 1, output: 2, cacheRead: 3, cacheWrite: 4 } });
    await session.emit({ type: 'plan.requested', attempt: 2 });

    const resumed = await RunSession.resume(createFsStorage(root), 'resumable', { clock: steppingClock(10_000_000) });
    assert.deepEqual(resumed.events, session.events);
    assert.deepEqual(resumed.state, session.state);
    assert.deepEqual(resumed.state, projectRun(session.events));
    assert.deepEqual(resumed.warnings, []);
    assert.equal(resumed.state.usage.cost, undefined);

    const next = await resumed.emit({ type: 'plan.proposed', attempt: 2, plan });
    assert.equal(next.seq, 5);
    assert.equal(next.at, 10_000_000);
    assert.deepEqual(resumed.state.plan, plan);
    assert.deepEqual(await readRunEvents(storage, 'resumable'), resumed.events);
  });

  it('resumes after a torn write, reporting it, and appends cleanly', async () => {
    const storage = createFsStorage(root);
    const session = await start(storage, 'crashed');
    await session.emit({ type: 'plan.requested', attempt: 1 });
    await fs.appendFile(path.join(root, runEventsPath('crashed')), '{"type":"model.usage","ro');

    const resumed = await RunSession.resume(createFsStorage(root), 'crashed');
    assert.equal(resumed.warnings.length, 1);
    assert.deepEqual(resumed.state, session.state);
    await resumed.emit({ type: 'run.finished', outcome: 'planned' });
    const again = await RunSession.resume(createFsStorage(root), 'crashed');
    assert.deepEqual(again.warnings, []);
    assert.equal(again.state.status, 'planned');
    assert.deepEqual(again.events.map((e) => e.seq), [0, 1, 2]);
  });

  it('refuses to resume a run without events', async () => {
    await assert.rejects(RunSession.resume(createFsStorage(root), 'nothing-here'), (err: unknown) => isSquadError(err, 'run/not_found'));
  });

  it('changes nothing when a payload is invalid or the write fails, and keeps going', async () => {
    const real = createFsStorage(root);
    let failNext = false;
    const flaky: Storage = {
      ...real,
      appendLine: (p, line) => (failNext ? ((failNext = false), Promise.reject(new Error('disk full'))) : real.appendLine(p, line)),
    };
    const session = await start(flaky, 'flaky');
    failNext = true; // consumed by the first append in the queue
    const results = await Promise.allSettled([
      session.emit({ type: 'plan.requested', attempt: 1 }),
      session.emit({ type: 'plan.requested', attempt: 0 }), // invalid: attempts count from 1
      session.emit({ type: 'plan.requested', attempt: 2 }),
    ]);
    assert.equal(results[0].status, 'rejected');
    assert.match(String(results[0].reason), /disk full/);
    assert.equal(results[1].status, 'rejected');
    assert.equal(results[2].status, 'fulfilled');
    assert.equal(results[2].value.seq, 1);
    assert.equal(session.state.planAttempts, 2);
    assert.deepEqual(await readRunEvents(real, 'flaky'), session.events);
  });
});

describe('newRunId', () => {
  it('sorts by time and does not repeat', () => {
    const clock = steppingClock(Date.UTC(2024, 11, 31, 23, 59, 59, 990), 5);
    const ids = Array.from({ length: 200 }, () => newRunId(clock));
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
    const fixed = { now: () => 0 };
    const same = Array.from({ length: 200 }, () => newRunId(fixed));
    assert.equal(new Set(same).size, same.length);
    assert.match(same[0]!, /^19700101-000000-000-[0-9a-f]{8}$/);
  });
});
