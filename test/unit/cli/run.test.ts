import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { agentTurns, call, planTurn } from '../../support/agentScripts';
import { runSquadCli } from '../../support/cliHarness';
import type { Script } from '../../support/script';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { makeTempWorkspace } from '../../support/tempWorkspace';

const PLAN = {
  summary: 'Due dates on tasks',
  tasks: [
    { id: 't1', role: 'database', title: 'Add due_date column', description: 'Migration and repository.', dependsOn: [] },
    { id: 't2', role: 'frontend', title: 'Due-date input', description: 'A date field in the form.', dependsOn: [] },
    { id: 't3', role: 'backend', title: 'Accept dueDate', description: 'Validation.', dependsOn: ['t1'] },
  ],
};

const FILES = {
  'package.json': JSON.stringify({ name: 'app', scripts: { test: 'node --test' } }),
  'src/db/repo.js': "export const COLUMNS = ['id', 'title'];\n",
  'src/api/validate.js': "export const FIELDS = ['title'];\n",
  'public/index.html': '<form>\n  <input name="title">\n</form>\n',
};

function squadScript(): Script {
  return {
    turns: [
      planTurn(PLAN),
      ...agentTurns('t1', [
        [call('read_file', { path: 'src/db/repo.js' })],
        [call('create_file', { path: 'src/db/migrations/002_due.sql', content: 'ALTER TABLE tasks ADD COLUMN due_date TEXT;\n' }),
         call('propose_edit', { path: 'src/db/repo.js', edits: [{ search: "['id', 'title']", replace: "['id', 'title', 'due_date']" }] })],
        [call('finish', { summary: 'Added due_date column and repository mapping.' })],
      ]),
      ...agentTurns('t2', [
        [call('propose_edit', { path: 'public/index.html', edits: [{ search: '  <input name="title">', replace: '  <input name="title">\n  <input name="dueDate" type="date">' }] })],
        [call('finish', { summary: 'Date input in the form.' })],
      ]),
      ...agentTurns('t3', [
        // The dependency's change is visible: the repository already lists due_date.
        [call('read_file', { path: 'src/db/repo.js' })],
        [call('propose_edit', { path: 'src/api/validate.js', edits: [{ search: "['title']", replace: "['title', 'dueDate']" }] })],
        [call('finish', { summary: 'dueDate accepted.' })],
      ]),
    ],
  };
}

describe('squad run (in-process, scripted model)', () => {
  let server: ScriptedServer;
  let state: string;

  before(async () => {
    server = await startScriptedServer(squadScript(), { log: () => {} });
    state = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-run-state-'));
  });
  after(async () => {
    await server.close();
    await fs.rm(state, { recursive: true, force: true });
  });

  const env = () => ({ HOME: state, SQUAD_PROVIDER: 'openai', SQUAD_BASE_URL: server.openaiBaseUrl, SQUAD_MODEL: 'scripted' });

  it('proposes each agent\'s diff, writes nothing, and prints JSON with tasks, files and usage', async () => {
    server.setScript(squadScript());
    const ws = await makeTempWorkspace(FILES);
    try {
      const result = await runSquadCli(['run', 'Add due dates', '--workspace', ws.root, '--json'], env(), ws.root);
      assert.equal(result.code, 0, result.stderr);
      const out = JSON.parse(result.stdout) as {
        runId: string; status: string; plan: { tasks: unknown[] };
        tasks: { id: string; role: string; status: string; files: { path: string; diff: string }[] }[];
        usage: { input: number; output: number };
      };
      assert.equal(out.status, 'completed');
      assert.equal(out.plan.tasks.length, 3);
      const byId = Object.fromEntries(out.tasks.map((t) => [t.id, t]));
      assert.deepEqual(byId.t1?.files.map((f) => f.path), ['src/db/migrations/002_due.sql', 'src/db/repo.js']);
      assert.match(byId.t1?.files[1]?.diff ?? '', /\+export const COLUMNS = \['id', 'title', 'due_date'\];/);
      assert.deepEqual(byId.t2?.files.map((f) => f.path), ['public/index.html']);
      assert.deepEqual(byId.t3?.files.map((f) => f.path), ['src/api/validate.js']);
      assert.ok(out.usage.input > 0);
      // Proposals only: the workspace is untouched.
      assert.equal(await fs.readFile(path.join(ws.root, 'src/db/repo.js'), 'utf8'), FILES['src/db/repo.js']);
      await assert.rejects(fs.stat(path.join(ws.root, 'src/db/migrations/002_due.sql')));
      // The dependent task read the repository through its dependency's change.
      const t3Read = server.requests.find((r) => r.turnName === 't3 turn 1');
      assert.match(JSON.stringify(t3Read?.body), /due_date/);
      assert.match(result.stderr, /▶ t1 \[database\] started/);
      assert.match(result.stderr, /t1 \[database\] read src\/db\/repo.js/);
    } finally {
      await ws.dispose();
    }
  });

  it('--apply writes every proposed change, and the tree output shows the diffs', async () => {
    server.setScript(squadScript());
    const ws = await makeTempWorkspace(FILES);
    try {
      const result = await runSquadCli(['run', 'Add due dates', '--workspace', ws.root, '--apply'], env(), ws.root);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /=== t1 \[database\] Add due_date column — proposed/);
      assert.match(result.stdout, /\+  <input name="dueDate" type="date">/);
      assert.match(result.stdout, /applied 4 file\(s\) \(checkpoint \S+; undo with: squad rollback \S+\)/);
      assert.equal(await fs.readFile(path.join(ws.root, 'src/api/validate.js'), 'utf8'), "export const FIELDS = ['title', 'dueDate'];\n");
      assert.equal(await fs.readFile(path.join(ws.root, 'src/db/migrations/002_due.sql'), 'utf8'), 'ALTER TABLE tasks ADD COLUMN due_date TEXT;\n');
    } finally {
      await ws.dispose();
    }
  });
});
