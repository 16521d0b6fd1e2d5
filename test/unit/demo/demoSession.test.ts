/**
 * The offline demo's recorded session (examples/demo/session.json) must stay a working squad run:
 * replayed through the real CLI with the test loop and --apply on a copy of examples/taskboard,
 * every agent proposes its part; the backend's one recorded bug fails the QA agent's tests, the
 * failure is routed to the backend, its fix round makes them pass, and the applied result passes
 * the example's own test suite — the QA agent's new tests included. A prompt, tool, attribution or
 * example change that breaks the recording fails here instead of in front of a user.
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
const TEST_CMD = 'node --test';
/** The QA test that catches the backend's bug (localToday counts months from 0). */
const CATCHING_TEST = 'localToday is the local calendar date as YYYY-MM-DD';
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const exampleDir = path.join(repoRoot, 'examples', 'taskboard');
const sessionFile = path.join(repoRoot, 'examples', 'demo', 'session.json');

interface RunOutput {
  status: string;
  tasks: { id: string; role: string; status: string; reason: string | null; files: { path: string }[]; history: { round: number; outcome: string }[] }[];
  tests: {
    command: string;
    outcome: string;
    rounds: { round: number; passed: number; failed: number; failures: { test: string; file?: string; taskId?: string; kind: string }[]; routed: Record<string, string[]> }[];
  } | null;
  applied?: { checkpointId: string; files: { path: string; action: string }[] } | null;
  notApplied?: unknown;
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

  it('replays into a run where every task proposes, the test loop sends the one bug back to the backend, and the applied result passes the example\'s tests', async () => {
    const workspace = path.join(tmp, 'taskboard');
    await fs.cp(exampleDir, workspace, { recursive: true, filter: (src) => !/[\\/](node_modules|data)$/.test(src) });
    const before = await runNodeTests(workspace);
    assert.equal(before.code, 0, before.output);

    // PATH: the test command runs in a shell and must find this node. The CLI runs in-process with
    // only this env, and Squad's test runs drop NODE_TEST_CONTEXT besides.
    const env = { HOME: tmp, PATH: process.env['PATH'] ?? '', SQUAD_PROVIDER: 'openai', SQUAD_BASE_URL: server.openaiBaseUrl, SQUAD_MODEL: 'squad-demo-replay' };
    const argv = ['run', REQUEST, '--workspace', workspace, '--journal', path.join(tmp, 'journal'), '--test-cmd', TEST_CMD, '--yes', '--apply', '--json'];
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
    // One apply, after a checkpoint, of every file the run changed.
    assert.ok(out.applied?.checkpointId);
    assert.ok(out.applied?.files.some((f) => f.path === 'src/db/migrations/002_due_date.sql' && f.action === 'created'), JSON.stringify(out.applied));
    assert.equal(out.notApplied, null);

    // Round 0: the QA agent's test catches the backend's bug, and the failure goes to the backend.
    assert.equal(out.tests?.command, TEST_CMD);
    const [round0, round1, ...more] = out.tests?.rounds ?? [];
    assert.equal(round0?.round, 0);
    assert.ok((round0?.failed ?? 0) >= 1, JSON.stringify(round0));
    assert.deepEqual(round0?.failures.map((f) => [f.test, f.file, f.taskId, f.kind]), [[CATCHING_TEST, 'src/server/taskService.js', 't2', 'routed']]);
    assert.deepEqual(round0?.routed, { t2: [CATCHING_TEST] });
    // Round 1: after the backend's revision everything passes, and the loop stops there.
    assert.equal(round1?.round, 1);
    assert.equal(round1?.failed, 0);
    assert.equal(round1?.passed, (round0?.passed ?? 0) + (round0?.failed ?? 0));
    assert.deepEqual(more, []);
    assert.equal(out.tests?.outcome, 'passed');
    const history = (id: string) => out.tasks.find((t) => t.id === id)?.history.map((h) => [h.round, h.outcome]);
    assert.deepEqual(history('t2'), [[0, 'proposed'], [1, 'revised']]);
    for (const id of ['t1', 't3', 't4']) assert.deepEqual(history(id), [[0, 'proposed']], id);

    // The QA agent ran the tests before finishing and saw the failure; the fix request carried it
    // and the backend's own buggy line.
    const qaAfterRun = server.requests.find((r) => r.turnName === 't4 turn 4');
    assert.match(JSON.stringify(qaAfterRun?.body), /node --test: FAILED — \d+ passed, 1 failed/);
    const fixRequest = JSON.stringify(server.requests.find((r) => r.turnName === 't2 fix round 1 turn 0')?.body);
    assert.match(fixRequest, /fix round 1 of 3/);
    assert.ok(fixRequest.includes(CATCHING_TEST), fixRequest);
    assert.ok(fixRequest.includes('+  return `${now.getFullYear()}-${pad(now.getMonth())}-${pad(now.getDate())}`;'), fixRequest);
    // What --apply wrote is the revision, not the round-0 proposal.
    const service = await fs.readFile(path.join(workspace, 'src/server/taskService.js'), 'utf8');
    assert.ok(service.includes('pad(now.getMonth() + 1)'), service);

    // Every request was answered by a recorded turn, and every recorded turn was used once.
    assert.ok(server.requests.every((r) => r.status === 200 && r.turnIndex >= 0), 'a request matched no recorded turn');
    assert.deepEqual(server.requests.map((r) => r.turnIndex).sort((a, b) => a - b), script.turns.map((_, i) => i));

    const afterRun = await runNodeTests(workspace);
    assert.equal(afterRun.code, 0, afterRun.output);
    assert.equal(tapCount(afterRun.output, 'fail'), 0);
    // The QA agent's tests ran too, not only the ones the example already had.
    assert.ok(tapCount(afterRun.output, 'pass') > tapCount(before.output, 'pass'), afterRun.output);

    // The journal stores each text once (proposals by content): at most twice the changed files'
    // bytes before and after (bench/journalSize.ts prints the figures).
    const journal = await fs.readFile(/\(journal: (.+?)\)/.exec(result.stderr)?.[1] ?? '', 'utf8');
    const changed = await Promise.all((out.applied?.files ?? []).map(async (f) => {
      const now = await fs.readFile(path.join(workspace, f.path)).then((b) => b.length, () => 0);
      const was = await fs.readFile(path.join(exampleDir, f.path)).then((b) => b.length, () => 0);
      return now + was;
    }));
    const changedBytes = changed.reduce((a, b) => a + b, 0);
    assert.ok(Buffer.byteLength(journal) <= 2 * changedBytes, `journal ${Buffer.byteLength(journal)} bytes, changed files ${changedBytes} bytes`);
  });
});
