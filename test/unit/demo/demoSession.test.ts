/**
 * The offline demo's recorded session (examples/demo/session.json) must stay a working squad run:
 * replayed through the real CLI with --apply on a copy of examples/taskboard, every agent proposes
 * its part and the example's own test suite — the QA agent's new tests included — passes. A prompt,
 * tool or example change that breaks the recording fails here instead of in front of a user.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runSquadCli } from '../../support/cliHarness';
import type { Script } from '../../support/script';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';

const REQUEST = 'Add due dates to tasks and let users filter overdue tasks';
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const exampleDir = path.join(repoRoot, 'examples', 'taskboard');
const sessionFile = path.join(repoRoot, 'examples', 'demo', 'session.json');

interface RunOutput {
  status: string;
  tasks: { id: string; role: string; status: string; reason: string | null; files: { path: string }[] }[];
  applied?: { written: string[]; deleted: string[]; skipped: unknown[] };
}

/** Runs `node --test` in `cwd` and resolves with its exit code and output. */
function runNodeTests(cwd: string): Promise<{ code: number | null; output: string }> {
  // A nested test runner that inherits NODE_TEST_CONTEXT reports to this runner instead of
  // running as its own; NODE_OPTIONS could carry this suite's loaders into the example.
  const env = { ...process.env };
  delete env['NODE_TEST_CONTEXT'];
  delete env['NODE_OPTIONS'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--test', '--test-reporter=tap'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

function tapCount(output: string, name: 'tests' | 'pass' | 'fail'): number {
  const m = new RegExp(`^# ${name} (\\d+)$`, 'm').exec(output);
  assert.ok(m, `no "# ${name}" line in the test output:\n${output}`);
  return Number(m[1]);
}

describe('the offline demo session (examples/demo/session.json)', () => {
  let script: Script;
  let server: ScriptedServer;
  let tmp: string;

  before(async () => {
    const recorded = JSON.parse(await fs.readFile(sessionFile, 'utf8')) as Script;
    // The recorded latencies only pace the demo for a human watching; the content is what counts.
    script = { turns: recorded.turns.map(({ delayMs: _delay, ...turn }) => turn) };
    server = await startScriptedServer(script, { log: () => {} });
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-demo-session-'));
  });
  after(async () => {
    await server.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('replays into a run where every task proposes, and the applied result passes the example\'s tests', async () => {
    const workspace = path.join(tmp, 'taskboard');
    await fs.cp(exampleDir, workspace, { recursive: true, filter: (src) => !/[\\/](node_modules|data)$/.test(src) });
    const before = await runNodeTests(workspace);
    assert.equal(before.code, 0, before.output);

    const env = { HOME: tmp, SQUAD_PROVIDER: 'openai', SQUAD_BASE_URL: server.openaiBaseUrl, SQUAD_MODEL: 'squad-demo-replay' };
    const argv = ['run', REQUEST, '--workspace', workspace, '--journal', path.join(tmp, 'journal'), '--apply', '--json'];
    const result = await runSquadCli(argv, env, workspace);
    assert.equal(result.code, 0, result.stderr);

    const out = JSON.parse(result.stdout) as RunOutput;
    assert.equal(out.status, 'completed');
    assert.deepEqual(out.tasks.map((t) => [t.id, t.role, t.status]), [
      ['t1', 'database', 'proposed'],
      ['t2', 'backend', 'proposed'],
      ['t3', 'frontend', 'proposed'],
      ['t4', 'qa', 'proposed'],
    ]);
    for (const task of out.tasks) assert.ok(task.files.length > 0, `${task.id} proposed no files`);
    assert.deepEqual(out.applied?.skipped, []);
    assert.ok(out.applied?.written.includes('src/db/migrations/002_due_date.sql'));

    // Every request was answered by a recorded turn, and every recorded turn was used once.
    assert.ok(server.requests.every((r) => r.status === 200 && r.turnIndex >= 0), 'a request matched no recorded turn');
    assert.deepEqual(server.requests.map((r) => r.turnIndex).sort((a, b) => a - b), script.turns.map((_, i) => i));

    const afterRun = await runNodeTests(workspace);
    assert.equal(afterRun.code, 0, afterRun.output);
    assert.equal(tapCount(afterRun.output, 'fail'), 0);
    // The QA agent's tests ran too, not only the ones the example already had.
    assert.ok(tapCount(afterRun.output, 'pass') > tapCount(before.output, 'pass'), afterRun.output);
  });
});
