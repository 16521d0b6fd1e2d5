import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { call, planTurn } from '../../support/agentScripts';
import { runSquadCli } from '../../support/cliHarness';
import { cliEnv, journalOf, parseRunJson } from '../../support/cliRuns';
import { gitSnapshot, initRepo } from '../../support/gitRepo';
import { backendTurns, DISCOUNT_TEST, FIX_DISCOUNT, fixTurns, qaTurns, SHOP_FILES, SHOP_PLAN } from '../../support/loopProject';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { makeTempWorkspace } from '../../support/tempWorkspace';

/** A test that records, for every run, whether its tree is a git worktree (a `.git` file) or a plain copy. */
const WHERE_TEST = [
  "import { test } from 'node:test';",
  "import { appendFileSync, existsSync } from 'node:fs';",
  '',
  "test('records where it runs', () => {",
  "  appendFileSync(process.env.STAGE_LOG, (existsSync('.git') ? 'worktree' : 'copy') + ' ' + process.cwd() + '\\n');",
  '});',
  '',
].join('\n');

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
    const log = path.join(home, `${git ? 'git' : 'plain'}.log`);
    try {
      if (git) {
        await initRepo(ws.root);
        // Uncommitted work: the tests must see it, and it must still be uncommitted afterwards.
        await fs.writeFile(path.join(ws.root, 'README.md'), '# shop\n\nWork in progress.\n');
      }
      const before = git ? await gitSnapshot(ws.root) : undefined;
      const result = await runSquadCli(['run', 'Add discounts', '--workspace', ws.root, '--yes', '--json'], cliEnv(server, home, { STAGE_LOG: log }), ws.root);
      const after = git ? await gitSnapshot(ws.root) : undefined;
      const out = parseRunJson(result.stdout);
      const where = (await fs.readFile(log, 'utf8')).trim().split('\n').map((l) => l.split(' '));
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
      await ws.dispose();
    }
  }

  it('the same fix round passes in a plain folder (copy) and in a git repository (worktree), and the repository is unchanged', async () => {
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
    assert.deepEqual(plain.stagedAs, ['copy']);
    assert.deepEqual(git.stagedAs, ['worktree']);
    assert.deepEqual(git.rounds, plain.rounds);
    assert.deepEqual(git.history, plain.history);
    assert.deepEqual(plain.rounds, [
      { round: 0, failed: 1, passed: 2, failures: [['total subtracts the discount', 'src/price.js', 't1', 'routed']], routed: { t1: ['total subtracts the discount'] } },
      { round: 1, failed: 0, passed: 3, failures: [], routed: {} },
    ]);
    assert.deepEqual(plain.history, [['t1', ['0:proposed', '1:revised']], ['t2', ['0:proposed']]]);

    // Status (the uncommitted README, the ignored log), worktrees, branches, stashes, refs, index: as before.
    assert.deepEqual(git.after, git.before);
    assert.match(git.before?.status ?? '', /^ M README\.md$/m);
    assert.match(git.before?.status ?? '', /^!! local\.log$/m);
    assert.equal(git.after?.worktrees.match(/^worktree /gm)?.length, 1);
  });
});
