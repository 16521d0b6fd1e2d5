import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { call, planTurn } from '../../support/agentScripts';
import { runSquadCli } from '../../support/cliHarness';
import { cliEnv, journalOf, parseRunJson } from '../../support/cliRuns';
import { gitSnapshot, initRepo } from '../../support/gitRepo';
import { backendTurns, DISCOUNT_TEST, FIX_DISCOUNT, fixTurns, qaTurns, SHOP_FILES, SHOP_PLAN } from '../../support/loopProject';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { makeTempWorkspace } from '../../support/tempWorkspace';

/**
 * A test that reports, for every run, whether its tree has a `.git` and where it is. The tests run
 * in the sandbox, which can write nothing outside the scratch tree: the report goes over TCP to a
 * server of this test, the one endpoint the run allows (`--allow-net`).
 */
const WHERE_TEST = [
  "import { test } from 'node:test';",
  "import { existsSync } from 'node:fs';",
  "import { connect } from 'node:net';",
  '',
  "test('records where it runs', async () => {",
  '  await new Promise((resolve, reject) => {',
  "    const socket = connect({ host: 'localhost', port: Number(process.env.STAGE_PORT) }, () =>",
  "      socket.end((existsSync('.git') ? 'git' : 'no-git') + ' ' + process.cwd() + '\\n'));",
  "    socket.on('close', resolve);",
  "    socket.on('error', reject);",
  '  });',
  '});',
  '',
].join('\n');

/** Collects the lines WHERE_TEST sends. */
async function stageLog(): Promise<{ port: number; lines: () => string[][]; close: () => Promise<void> }> {
  let text = '';
  const server = createServer((socket) => socket.on('data', (chunk) => (text += chunk.toString())));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    lines: () => text.trim().split('\n').filter((l) => l !== '').map((l) => l.split(' ')),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const FILES = { ...SHOP_FILES, 'test/where.test.js': WHERE_TEST, 'README.md': '# shop\n', '.gitignore': 'local.log\n', 'local.log': 'ignored\n' };

function script() {
  return {
    turns: [
      planTurn(SHOP_PLAN),
      ...fixTurns('t1', [[FIX_DISCOUNT], [call('finish', { summary: 'Subtract the discount.' })]]),
      ...backendTurns({ buggy: true }),
      ...qaTurns({ 'test/discount.test.js': DISCOUNT_TEST }),
    ],
  };
}

describe('squad run stages the tests the same way with and without git', () => {
  let server: ScriptedServer;
  let home: string;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-tests-staging-'));
  });
  after(async () => {
    await server.close();
    await fs.rm(home, { recursive: true, force: true });
  });

  /** Runs the squad on a fresh workspace; returns what the tests and the journal say. */
  async function runOn(git: boolean) {
    server.setScript(script());
    const ws = await makeTempWorkspace(FILES);
    const log = await stageLog();
    try {
      if (git) {
        await initRepo(ws.root);
        // Uncommitted work: the tests must see it, and it must still be uncommitted afterwards.
        await fs.writeFile(path.join(ws.root, 'README.md'), '# shop\n\nWork in progress.\n');
      }
      const before = git ? await gitSnapshot(ws.root) : undefined;
      const args = ['run', 'Add discounts', '--workspace', ws.root, '--yes', '--json', '--allow-net', `localhost:${log.port}`];
      const result = await runSquadCli(args, cliEnv(server, home, { STAGE_PORT: String(log.port) }), ws.root);
      const after = git ? await gitSnapshot(ws.root) : undefined;
      const out = parseRunJson(result.stdout);
      const where = log.lines();
      return {
        code: result.code,
        stderr: result.stderr,
        outcome: out.tests?.outcome,
        rounds: out.tests?.rounds.map((r) => ({ round: r.round, failed: r.failed, passed: r.passed, failures: r.failures.map((f) => [f.test, f.file, f.taskId, f.kind]), routed: r.routed })),
        history: out.tasks.map((t) => [t.id, t.history.map((h) => `${h.round}:${h.outcome}`)]),
        stagedAs: [...new Set(where.map(([kind]) => kind))],
        stagedIn: where.map(([, dir]) => dir ?? ''),
        workspace: { price: await fs.readFile(path.join(ws.root, 'src/price.js'), 'utf8'), discountTest: await fs.stat(path.join(ws.root, 'test/discount.test.js')).then(() => true, () => false) },
        journal: await journalOf(result.stderr),
        before,
        after,
      };
    } finally {
      await log.close();
      await ws.dispose();
    }
  }

  it('the same fix round passes in a plain folder and in a git repository, the trees have no .git, and the repository is unchanged', async () => {
    const plain = await runOn(false);
    const git = await runOn(true);

    for (const run of [plain, git]) {
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.outcome, 'passed');
      // The journal lives in the user's state folder, never in the workspace.
      assert.ok(!run.journal.file.includes('squad-ws-'), run.journal.file);
      assert.deepEqual(run.workspace, { price: SHOP_FILES['src/price.js'], discountTest: false });
      // Every run was in a scratch tree, never in the workspace itself.
      for (const dir of run.stagedIn) assert.match(path.basename(path.dirname(dir)), /^squad-stage-/);
    }
    // Staged from the files git lists, not as a git worktree: nothing of the user's repository in the tree.
    assert.deepEqual(plain.stagedAs, ['no-git']);
    assert.deepEqual(git.stagedAs, ['no-git']);
    assert.deepEqual(git.rounds, plain.rounds);
    assert.deepEqual(git.history, plain.history);
    assert.deepEqual(plain.rounds, [
      { round: 0, failed: 1, passed: 2, failures: [['total subtracts the discount', 'src/price.js', 't1', 'routed']], routed: { t1: ['total subtracts the discount'] } },
      { round: 1, failed: 0, passed: 3, failures: [], routed: {} },
    ]);
    assert.deepEqual(plain.history, [['t1', ['0:proposed', '1:revised']], ['t2', ['0:proposed']]]);

    // Status (the uncommitted README, the ignored log), worktrees (none added), branches, stashes, refs, index: as before.
    assert.deepEqual(git.after, git.before);
    assert.match(git.before?.status ?? '', /^ M README\.md$/m);
    assert.match(git.before?.status ?? '', /^!! local\.log$/m);
    assert.equal(git.after?.worktrees.match(/^worktree /gm)?.length, 1);
  });
});
