/**
 * A workspace the OS will not let Squad write or read: the apply names the file and the OS's
 * reason, the run exits 1, and nothing is ever reported as `internal` with a stack.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { osErrorMessage } from '../../../src/cli/failures';
import { agentTurns, call, planTurn } from '../../support/agentScripts';
import { runSquadCli } from '../../support/cliHarness';
import { cliEnv } from '../../support/cliRuns';
import type { Script } from '../../support/script';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { makeTempWorkspace } from '../../support/tempWorkspace';

const PLAN = { summary: 'Due dates', tasks: [{ id: 't1', role: 'backend', title: 'Accept dueDate', description: 'Validation.', dependsOn: [] }] };
const FILES = { 'src/api.js': "export const FIELDS = ['title'];\n" };
const SCRIPT: Script = {
  turns: [
    planTurn(PLAN),
    ...agentTurns('t1', [
      [call('propose_edit', { path: 'src/api.js', edits: [{ search: "['title']", replace: "['title', 'dueDate']" }] })],
      [call('finish', { summary: 'dueDate accepted.' })],
    ]),
  ],
};
const STACK = /^\s+at /m;

/** Makes `dir` immutable (no entry may be added, renamed or removed, even by root); false where chattr cannot. */
function makeImmutable(dir: string): boolean {
  try {
    execFileSync('chattr', ['+i', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('squad on a workspace it cannot write or read', () => {
  let server: ScriptedServer;
  let home: string;
  before(async () => {
    server = await startScriptedServer(SCRIPT, { log: () => {} });
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-ro-'));
  });
  after(async () => {
    await server.close();
    await fs.rm(home, { recursive: true, force: true });
  });

  it('run --apply on a read-only folder: names the file and the OS reason, exits 1, writes nothing', async (t) => {
    server.setScript(SCRIPT);
    const ws = await makeTempWorkspace(FILES);
    const folder = path.join(ws.root, 'src');
    if (!makeImmutable(folder)) {
      await ws.dispose();
      return t.skip('chattr +i needs root and a file system that supports it');
    }
    try {
      const r = await runSquadCli(['run', 'Add due dates', '--apply'], cliEnv(server, home), ws.root);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^Nothing was applied: Squad wrote nothing: could not write src\/api\.js: the operation is not permitted \(EPERM\)\.$/m);
      assert.match(r.stdout, /^Once the workspace can be written: squad apply \S+\.$/m);
      assert.doesNotMatch(r.stdout, /--resume/);
      assert.doesNotMatch(`${r.stdout}${r.stderr}`, /internal/);
      assert.doesNotMatch(r.stderr, STACK);
    } finally {
      execFileSync('chattr', ['-i', folder], { stdio: 'ignore' });
      assert.equal(await fs.readFile(path.join(folder, 'api.js'), 'utf8'), FILES['src/api.js']);
      assert.deepEqual(await fs.readdir(folder), ['api.js'], 'no temporary file was left');
      await ws.dispose();
    }
  });

  it('squad apply when a target can no longer be read: one plain line, exit 1, no stack', async () => {
    server.setScript(SCRIPT);
    const ws = await makeTempWorkspace(FILES);
    try {
      const run = await runSquadCli(['run', 'Add due dates'], cliEnv(server, home), ws.root);
      assert.equal(run.code, 0, run.stderr);
      const runId = /^run (\S+) \(journal/m.exec(run.stderr)?.[1] ?? assert.fail(run.stderr);
      // The file became a folder: reading it fails with EISDIR, the same path EACCES takes for a non-root user.
      await fs.rm(path.join(ws.root, 'src/api.js'));
      await fs.mkdir(path.join(ws.root, 'src/api.js'));
      const r = await runSquadCli(['apply', runId], cliEnv(server, home), ws.root);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, 'squad: changes/write_failed: Squad wrote nothing: src/api.js cannot be read: it is a folder (EISDIR).\n');
    } finally {
      await ws.dispose();
    }
  });

  it('says an OS refusal in plain words with what was refused', async () => {
    const missing = path.join(home, 'no-such-folder', 'x');
    const err = await fs.open(missing).then(() => assert.fail('opened'), (e: unknown) => e);
    assert.equal(osErrorMessage(err), `open ${missing}: it does not exist (ENOENT)`);
    const perm = Object.assign(new Error('EACCES: permission denied, rename'), { code: 'EACCES', syscall: 'rename', path: '/w/a', dest: '/w/b' });
    assert.equal(osErrorMessage(perm), 'rename /w/a → /w/b: permission denied (EACCES)');
    assert.equal(osErrorMessage(new Error('plain')), undefined);
  });
});
