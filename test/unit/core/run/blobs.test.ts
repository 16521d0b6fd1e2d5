/**
 * Proposals by content: each text is journaled once (`blob.stored`), whole or as line splices of a
 * text stored before, and `proposal.updated` names texts by SHA-256. The splices rebuild every
 * text exactly; two tasks storing the same text at once store it once; a proposal naming a text
 * never stored is refused before it reaches the journal; journals with inline texts still read.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sha256Hex } from '../../../../src/core/common/sha256';
import { applySplices, splicesBetween } from '../../../../src/core/run/blobs';
import { storeTexts } from '../../../../src/core/run/blobWriter';
import { parseRunEvent, type RunEventPayload } from '../../../../src/core/run/events';
import { readRunEvents } from '../../../../src/core/run/journal';
import { projectRun } from '../../../../src/core/run/reduce';
import { RunSession } from '../../../../src/core/run/session';
import { createFsStorage } from '../../../../src/node/fsStorage';

const plan = { summary: 'p', tasks: [{ id: 't1', role: 'backend', title: 'T', description: 'D', dependsOn: [] }] };

describe('line splices', () => {
  const texts = [
    '',
    'one line without a newline',
    'a\nb\nc\n',
    'a\r\nb\r\nc\r\n',
    'a\nb\nc',
    '\n\n\n',
    Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n') + '\n',
  ];
  it('rebuild every text from every other exactly (CRLF, no final newline, empty)', () => {
    for (const from of texts) {
      for (const to of [...texts, `${from}tail`, `head\n${from}`, from.replace('line 100', 'line one hundred')]) {
        assert.equal(applySplices(from, splicesBetween(from, to)), to, JSON.stringify({ from: from.slice(0, 20), to: to.slice(0, 20) }));
      }
    }
  });

  it('are small for a small edit, and refuse splices that do not fit', () => {
    const big = texts.at(-1)!;
    const splices = splicesBetween(big, big.replace('line 100\n', 'line 100\nline 100.5\n'));
    assert.deepEqual(splices, [[101, 0, 'line 100.5\n']]);
    assert.equal(applySplices('a\n', [[5, 1, 'x']]), undefined);
  });
});

describe('blob events', () => {
  let root: string;
  before(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-blobs-'));
  });
  after(() => fs.rm(root, { recursive: true, force: true }));

  async function session(): Promise<RunSession> {
    const s = await RunSession.start({ storage: createFsStorage(root), request: 'r', workspaceName: 'w', roles: ['backend'] });
    await s.emit({ type: 'plan.proposed', plan, attempt: 1 });
    return s;
  }

  it('store a text once and its next version as splices, and a proposal reads back as texts', async () => {
    const s = await session();
    const base = Array.from({ length: 50 }, (_, i) => `const v${i} = ${i};`).join('\n') + '\n';
    const next = base.replace('const v20 = 20;', 'const v20 = 2000;');
    // Two writers at once: the same text is stored once.
    await Promise.all([storeTexts(s, [{ text: base }]), storeTexts(s, [{ text: base }])]);
    const hashes = await storeTexts(s, [{ text: next, near: [base] }]);
    const blobs = s.events.flatMap((e) => (e.type === 'blob.stored' ? [e] : []));
    assert.equal(blobs.length, 2);
    assert.equal(blobs[0]?.text, base);
    assert.deepEqual([blobs[1]?.text, blobs[1]?.from, blobs[1]?.splices], [undefined, await sha256Hex(base), [[20, 1, 'const v20 = 2000;\n']]]);
    await s.emit({ type: 'proposal.updated', taskId: 't1', round: 0, files: [], texts: [{ path: 'a.js', base: await sha256Hex(base), content: hashes.get(next)! }] });
    assert.deepEqual(s.state.tasks.t1?.changes, [{ path: 'a.js', base, content: next }]);
    // The journal on disk projects to the same texts.
    assert.deepEqual(projectRun(await readRunEvents(createFsStorage(root), s.runId)).tasks.t1?.changes, [{ path: 'a.js', base, content: next }]);
    s.dispose();
  });

  it('refuse a proposal naming a text never stored, writing nothing', async () => {
    const s = await session();
    const before = (await readRunEvents(createFsStorage(root), s.runId)).length;
    await assert.rejects(s.emit({ type: 'proposal.updated', taskId: 't1', round: 0, files: [], texts: [{ path: 'a.js', base: null, content: 'ab'.repeat(32) }] }), /never stored/);
    assert.equal((await readRunEvents(createFsStorage(root), s.runId)).length, before);
    s.dispose();
  });

  it('still read proposals with inline texts, as journals written before blobs carry them', () => {
    const payloads: RunEventPayload[] = [
      { type: 'run.started', request: 'r', workspaceName: 'w', roles: ['backend'] },
      { type: 'plan.proposed', plan, attempt: 1 },
      { type: 'proposal.updated', taskId: 't1', round: 0, files: [{ path: 'a.js', kind: 'modified', added: 1, removed: 1 }], changes: [{ path: 'a.js', base: 'x\n', content: 'y\n' }] },
    ];
    const state = projectRun(payloads.map((p, seq) => parseRunEvent({ ...p, runId: 'old', seq, at: seq })));
    assert.deepEqual(state.tasks.t1?.changes, [{ path: 'a.js', base: 'x\n', content: 'y\n' }]);
  });
});
