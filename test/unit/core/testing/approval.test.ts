import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { APPROVALS_FILE, TestCommandApprovals } from '../../../../src/core/testing/approval';
import { sameDefinition } from '../../../../src/core/testing/authority';
import type { TestDefinition } from '../../../../src/core/testing/definition';
import { createFsStorage } from '../../../../src/node/fsStorage';

async function withStorageDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-approvals-'));
  try {
    await fn(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const def = (command: string, script = 'node --test'): TestDefinition => ({
  command,
  files: [{ path: 'package.json', text: JSON.stringify({ scripts: { test: script } }) }],
});

test('nothing is approved until the user approves, and approval persists across instances', async () => {
  await withStorageDir(async (dir) => {
    const approvals = new TestCommandApprovals(createFsStorage(dir));
    assert.equal(await approvals.approved('/ws/a'), undefined);
    await approvals.approve('/ws/a', def('npm test'));
    assert.ok(sameDefinition((await approvals.approved('/ws/a'))!, def('npm test')));
    // A fresh instance over the same folder (a new window, a new CLI run) sees the approval.
    const reloaded = new TestCommandApprovals(createFsStorage(dir));
    assert.equal(await reloaded.approvedCommand('/ws/a'), 'npm test');
    assert.equal(await reloaded.approvedCommand('/ws/a/'), 'npm test', 'a trailing separator is the same workspace');
  });
});

test('an approval covers the command and its defining files; anything else is a new question', async () => {
  await withStorageDir(async (dir) => {
    const approvals = new TestCommandApprovals(createFsStorage(dir));
    await approvals.approve('/ws/a', def('npm test'));
    assert.equal(await approvals.approved('/ws/b'), undefined, 'another workspace');
    const standing = (await approvals.approved('/ws/a'))!;
    assert.equal(sameDefinition(standing, def('npm test ')), false, 'not the exact command');
    assert.equal(sameDefinition(standing, def('npm test', 'node scripts/setup.js && node --test')), false, 'a changed script');
    await approvals.approve('/ws/a', def('npm test', 'node scripts/setup.js && node --test'));
    assert.equal(sameDefinition((await approvals.approved('/ws/a'))!, def('npm test')), false, 'approving again replaces the old one');
    await approvals.revoke('/ws/a');
    assert.equal(await approvals.approved('/ws/a'), undefined);
  });
});

test('corrupt, foreign and first-format lines approve nothing', async () => {
  await withStorageDir(async (dir) => {
    const file = path.join(dir, APPROVALS_FILE);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const forged = [
      '{"v":2,"root":"/ws/a","definition":{"command":"rm -rf /"',
      // The first format approved a command without saying what it would run.
      '{"v":1,"root":"/ws/a","command":"make","at":1}',
      'not json',
      '{"v":2,"root":"/ws/a","definition":{"command":42,"files":[]},"at":1}',
    ];
    await fs.writeFile(file, forged.join('\n') + '\n');
    const approvals = new TestCommandApprovals(createFsStorage(dir));
    assert.equal(await approvals.approved('/ws/a'), undefined);
    await assert.rejects(approvals.approve('/ws/a', def('  ')), { code: 'config/invalid' });
  });
});
