import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isSquadError } from '../../../../src/core/common/errors';
import { parseRunEvent, type RunEvent, type RunEventPayload } from '../../../../src/core/run/events';
import { listRuns, readRunEvents, readRunJournal, RunJournal, runEventsPath } from '../../../../src/core/run/journal';
import { createFsStorage } from '../../../../src/node/fsStorage';

const payloads: RunEventPayload[] = [
  { type: 'run.started', request: 'Add todos', workspaceName: 'shop', roles: ['backend'] },
  { type: 'plan.requested', attempt: 1 },
  { type: 'model.usage', role: 'planner', model: 'm', usage: { input: 5, output: 6, cacheRead: 0, cacheWrite: 0 } },
  { type: 'run.failed', code: 'llm/auth', message: 'bad key' },
];

const eventsOf = (runId: string): RunEvent[] =>
  payloads.map((p, seq) => parseRunEvent({ ...p, runId, seq, at: 5000 + seq }));

describe('run journal', () => {
  let root: string;
  before(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-journal-'));
  });
  after(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  async function write(runId: string): Promise<{ file: string; events: RunEvent[] }> {
    const storage = createFsStorage(root);
    const journal = await RunJournal.create(storage, runId);
    const events = eventsOf(runId);
    for (const e of events) await journal.append(e);
    return { file: path.join(root, runEventsPath(runId)), events };
  }

  it('reads back exactly what was appended, one JSON line per event', async () => {
    const { file, events } = await write('roundtrip');
    const lines = (await fs.readFile(file, 'utf8')).trimEnd().split('\n');
    assert.equal(lines.length, events.length);
    assert.deepEqual(JSON.parse(lines[2]!), events[2]);
    assert.deepEqual(await readRunEvents(createFsStorage(root), 'roundtrip'), events);
  });

  it('reads a missing journal as no events', async () => {
    const contents = await readRunJournal(createFsStorage(root), 'never-ran');
    assert.deepEqual(contents, { events: [], warnings: [], exists: false });
  });

  it('drops a torn last line with a warning', async () => {
    const { file, events } = await write('torn');
    await fs.appendFile(file, '{"type":"plan.propo');
    const warnings: string[] = [];
    const read = await readRunEvents(createFsStorage(root), 'torn', { onWarning: (w) => warnings.push(w) });
    assert.deepEqual(read, events);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /runs\/torn\/events\.jsonl line 5 is incomplete/);
  });

  it('appends cleanly after a torn last line', async () => {
    const { file, events } = await write('torn-then-append');
    await fs.appendFile(file, '{"type":"run.fin');
    const storage = createFsStorage(root);
    const { events: before, warnings } = await readRunJournal(storage, 'torn-then-append');
    assert.equal(warnings.length, 1);
    const next = parseRunEvent({ type: 'run.finished', outcome: 'planned', runId: 'torn-then-append', seq: before.length, at: 9 });
    await (await RunJournal.create(storage, 'torn-then-append')).append(next);
    const after = await readRunJournal(storage, 'torn-then-append');
    assert.deepEqual(after.events, [...events, next]);
    assert.deepEqual(after.warnings, []);
  });

  it('rejects a corrupt line in the middle, naming its line number', async () => {
    const { file } = await write('corrupt');
    const lines = (await fs.readFile(file, 'utf8')).split('\n');
    lines[2] = '{"type":"plan.requested", oops';
    await fs.writeFile(file, lines.join('\n'));
    await assert.rejects(readRunEvents(createFsStorage(root), 'corrupt'), (err: unknown) => {
      assert.ok(isSquadError(err, 'journal/corrupt'));
      assert.match(err.message, /line 3\b/);
      return true;
    });
  });

  it('rejects a well-formed line that is not a valid event, or out of sequence', async () => {
    const { file } = await write('invalid-event');
    const lines = (await fs.readFile(file, 'utf8')).split('\n');
    await fs.writeFile(file, [lines[0], '{"type":"plan.requested","attempt":-1,"runId":"invalid-event","seq":1,"at":1}', ...lines.slice(2)].join('\n'));
    await assert.rejects(readRunEvents(createFsStorage(root), 'invalid-event'), (err: unknown) => {
      assert.ok(isSquadError(err, 'journal/corrupt'));
      assert.match(err.message, /line 2: not a valid run event \(attempt: /);
      return true;
    });

    const second = await write('gap');
    const gapLines = (await fs.readFile(second.file, 'utf8')).trimEnd().split('\n');
    await fs.writeFile(second.file, [gapLines[0], gapLines[2], ''].join('\n'));
    await assert.rejects(readRunEvents(createFsStorage(root), 'gap'), /line 2: expected sequence number 1, found 2/);
  });

  it('refuses events of another run and unsafe run ids', async () => {
    const storage = createFsStorage(root);
    const journal = await RunJournal.create(storage, 'mine');
    await assert.rejects(journal.append(eventsOf('theirs')[0]!), (err: unknown) => isSquadError(err, 'journal/corrupt'));
    await assert.rejects(RunJournal.create(storage, '../outside'), (err: unknown) => isSquadError(err, 'run/not_found'));
    await assert.rejects(readRunEvents(storage, 'a/b'), (err: unknown) => isSquadError(err, 'run/not_found'));
  });

  it('lists the runs that have a journal, sorted', async () => {
    const listRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-list-'));
    try {
      const storage = createFsStorage(listRoot);
      assert.deepEqual(await listRuns(storage), []);
      for (const id of ['20250102-000000-000-bb', '20250101-000000-000-aa']) {
        await (await RunJournal.create(storage, id)).append(eventsOf(id)[0]!);
      }
      await fs.mkdir(path.join(listRoot, 'runs', 'empty-folder'));
      assert.deepEqual(await listRuns(storage), ['20250101-000000-000-aa', '20250102-000000-000-bb']);
    } finally {
      await fs.rm(listRoot, { recursive: true, force: true });
    }
  });
});
