import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { APPROVALS_FILE, TestCommandApprovals } from '../../../../src/core/testing/approval';
import { createFsStorage } from '../../../../src/node/fsStorage';

async function withStorageDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-approvals-'));
  try {
    await fn(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

test('nothing is approved until the user approves, and approval persists across instances', async () => {
  await withStorageDir(async (dir) => {
    const approvals = new TestCommandApprovals(createFsStorage(dir));
    assert.equal(await approvals.isApproved('/ws/a', 'npm test'), false);
    assert.equal(await approvals.approvedCommand('/ws/a'), undefined);
    await approvals.approve('/ws/a', 'npm test');
    assert.equal(await approvals.isApproved('/ws/a', 'npm test'), true);
    // A fresh instance over the same folder (a new window, a new CLI run) sees the approval.
    const reloaded = new TestCommandApprovals(createFsStorage(dir));
    assert.equal(await reloaded.isApproved('/ws/a', 'npm test'), true);
    assert.equal(await reloaded.isApproved('/ws/a/', 'npm test'), true, 'a trailing separator is the same workspace');
  });
});

test('approval is per workspace and per exact command; a changed command needs approving again', async () => {
  await withStorageDir(async (dir) => {
    const approvals = new TestCommandApprovals(createFsStorage(dir));
    await approvals.approve('/ws/a', 'npm test');
    assert.equal(await approvals.isApproved('/ws/b', 'npm test'), false, 'another workspace');
    assert.equal(await approvals.isApproved('/ws/a', 'npm test '), false, 'not the exact string');
    assert.equal(await approvals.isApproved('/ws/a', 'npm test -- --json --outputFile=x'), false, 'a changed command');
    await approvals.approve('/ws/a', 'npm test -- --json --outputFile=x');
    assert.equal(await approvals.isApproved('/ws/a', 'npm test -- --json --outputFile=x'), true);
    assert.equal(await approvals.isApproved('/ws/a', 'npm test'), false, 'approving a new command replaces the old one');
    await approvals.revoke('/ws/a');
    assert.equal(await approvals.isApproved('/ws/a', 'npm test -- --json --outputFile=x'), false);
  });
});

test('corrupt or foreign lines approve nothing', async () => {
  await withStorageDir(async (dir) => {
    const file = path.join(dir, APPROVALS_FILE);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const forged = [
      '{"v":1,"root":"/ws/a","command":"rm -rf /"',
      '{"root":"/ws/a","command":"make","at":1}',
      'not json',
      '{"v":1,"root":"/ws/a","command":42,"at":1}',
    ];
    await fs.writeFile(file, forged.join('\n') + '\n');
    const approvals = new TestCommandApprovals(createFsStorage(dir));
    assert.equal(await approvals.approvedCommand('/ws/a'), undefined);
    assert.equal(await approvals.isApproved('/ws/a', 'make'), false);
    await assert.rejects(approvals.approve('/ws/a', '  '), { code: 'config/invalid' });
  });
});
