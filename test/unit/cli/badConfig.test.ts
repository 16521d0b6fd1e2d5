/**
 * Bad configuration gets one clear line and exit 2, before anything is paid for or written: a base
 * URL with an invalid port, a --journal that is a file or inside the workspace, a --model-<role>
 * for a role the squad lacks, a provider that refuses the model. Retries are said while they wait.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { agentTurns, call, planTurn } from '../../support/agentScripts';
import { runSquadCli } from '../../support/cliHarness';
import { cliEnv, journalOf } from '../../support/cliRuns';
import type { Script } from '../../support/script';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { makeTempWorkspace } from '../../support/tempWorkspace';

const PLAN = { summary: 'Due dates', tasks: [{ id: 't1', role: 'backend', title: 'Accept dueDate', description: 'Validation.', dependsOn: [] }] };
const PLAN_ONLY: Script = { turns: [planTurn(PLAN)] };
const FILES = { 'package.json': JSON.stringify({ name: 'app' }), 'src/api.js': "export const FIELDS = ['title'];\n" };
const NO_STACK = /^\s+at /m;

describe('squad on bad configuration', () => {
  let server: ScriptedServer;
  let home: string;
  let ws: Awaited<ReturnType<typeof makeTempWorkspace>>;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-badcfg-'));
    ws = await makeTempWorkspace(FILES);
  });
  after(async () => {
    await server.close();
    await ws.dispose();
    await fs.rm(home, { recursive: true, force: true });
  });
  const env = (extra: Record<string, string> = {}) => cliEnv(server, home, extra);
  const squad = (argv: string[], extra: Record<string, string> = {}, script?: Script) => {
    if (script) server.setScript(script);
    return runSquadCli(argv, env(extra), ws.root);
  };

  it('refuses a base URL with an invalid port up front, naming the port and where it came from', async () => {
    const before = server.requests.length;
    const flag = await squad(['plan', 'Add due dates', '--base-url', 'http://localhost:99999/v1']);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /^squad: config\/invalid: --base-url "http:\/\/localhost:99999\/v1" is not a usable base URL: the port 99999 is out of range \(1-65535\)\.$/m);
    assert.doesNotMatch(flag.stderr, /Invalid URL|could not be read|^run /m);
    const fromEnv = await squad(['plan', 'Add due dates'], { SQUAD_BASE_URL: 'http://127.0.0.1:70000/v1' });
    assert.equal(fromEnv.code, 2);
    assert.match(fromEnv.stderr, /SQUAD_BASE_URL "http:\/\/127\.0\.0\.1:70000\/v1" is not a usable base URL: the port 70000 is out of range/);
    const query = await squad(['run', 'Add due dates', '--base-url', `${server.openaiBaseUrl}?x=1`]);
    assert.equal(query.code, 2);
    assert.match(query.stderr, /must not have a query/);
    assert.equal(server.requests.length, before, 'no request was made');
  });

  it('refuses a --journal that is a file, or that lies under a file, without a stack trace', async () => {
    const file = path.join(home, 'journal.txt');
    await fs.writeFile(file, 'not a folder\n');
    const r = await squad(['plan', 'Add due dates', '--journal', file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--journal .*journal\.txt is a file; give a folder/);
    assert.doesNotMatch(r.stderr, NO_STACK);
    const under = await squad(['run', 'Add due dates', '--journal', path.join(file, 'runs')]);
    assert.equal(under.code, 2);
    assert.match(under.stderr, /cannot be made: .*journal\.txt is a file/);
    const apply = await squad(['apply', 'some-run', '--journal', file]);
    assert.equal(apply.code, 2);
    assert.equal(await fs.readFile(file, 'utf8'), 'not a folder\n');
  });

  it('refuses a --journal inside the workspace, also through a link, and writes nothing there', async () => {
    const link = path.join(home, 'ws-link');
    await fs.symlink(ws.root, link);
    for (const journal of [path.join(ws.root, '.squad'), ws.root, '.squad-journal', path.join(link, 'journal')]) {
      const r = await squad(['plan', 'Add due dates', '--journal', journal], {}, PLAN_ONLY);
      assert.equal(r.code, 2, `${journal}: ${r.stderr}`);
      assert.match(r.stderr, /is inside the workspace .*; Squad never writes its journals into your project/);
    }
    const rollback = await squad(['rollback', 'some-run', '--journal', 'sub/dir']);
    assert.equal(rollback.code, 2);
    assert.deepEqual((await fs.readdir(ws.root)).sort(), ['package.json', 'src']);
    // A folder outside the workspace is fine.
    const ok = await squad(['plan', 'Add due dates', '--journal', path.join(home, 'journals')], {}, PLAN_ONLY);
    assert.equal(ok.code, 0, ok.stderr);
  });

  it('refuses --model-<role> for a role the squad does not have, listing its roles', async () => {
    const before = server.requests.length;
    const r = await squad(['plan', 'Add due dates', '--model-dba', 'gpt-4.1']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--model-dba: the squad has no such role; its roles are planner, database, backend, frontend, qa \(set them with --roles\)\./);
    const limited = await squad(['plan', 'Add due dates', '--roles', 'backend,qa', '--model-frontend', 'gpt-4.1']);
    assert.equal(limited.code, 2);
    assert.match(limited.stderr, /its roles are planner, backend, qa/);
    assert.equal(server.requests.length, before);
    // A role given by --roles (or SQUAD_ROLES) may have its own model; so may the planner.
    const custom = await squad(['plan', 'Add due dates', '--model-dba', 'dba-model', '--model-planner', 'planner-model'], { SQUAD_ROLES: 'backend,dba' }, PLAN_ONLY);
    assert.equal(custom.code, 0, custom.stderr);
    assert.equal((server.requests.at(-1)?.body as { model: string }).model, 'planner-model');
  });

  it('only warns about SQUAD_MODEL_<ROLE> for a role this squad lacks (such variables serve many projects)', async () => {
    const r = await squad(['plan', 'Add due dates'], { SQUAD_MODEL_DBA: 'dba-model', SQUAD_MODEL_PLANNER: 'planner-model' }, PLAN_ONLY);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^squad: warning: SQUAD_MODEL_DBA is ignored: the squad has no role "dba" \(its roles are planner, database, backend, frontend, qa\)\.$/m);
    assert.equal((server.requests.at(-1)?.body as { model: string }).model, 'planner-model');
  });

  it('a provider 404 (unknown model) exits 2 with its message in one line and what to check', async () => {
    const message = 'The model `gpt-nope` does not exist or you do not have access to it.';
    const r = await squad(['plan', 'Add due dates', '--model', 'gpt-nope'], {}, { turns: [{ fault: { kind: 'status', status: 404, message } }] });
    assert.equal(r.code, 2);
    const line = `squad: config/invalid: OpenAI (gpt-nope) rejected the request (HTTP 404): ${message} Check the model name and the base URL.`;
    assert.ok(r.stderr.split('\n').includes(line), r.stderr);
    assert.doesNotMatch(r.stderr, /\{"|"error"|NotFoundError/);
    const json = await squad(['plan', 'Add due dates', '--model', 'gpt-nope', '--json'], {}, { turns: [{ fault: { kind: 'status', status: 404, message } }] });
    assert.equal(json.code, 2);
    assert.equal(JSON.parse(json.stdout).error.code, 'config/invalid');
  });

  it('a task whose model the provider refuses (400) makes the run exit 2', async () => {
    server.setScript({
      turns: [
        planTurn(PLAN),
        { name: 'refused', match: { model: 'bad-model' }, fault: { kind: 'status', status: 400, message: "Unsupported parameter: 'tools'." } },
        ...agentTurns('t1', [[call('finish', { summary: 'never' })]]),
      ],
    });
    const r = await runSquadCli(['run', 'Add due dates', '--model-backend', 'bad-model'], env(), ws.root);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout, /=== t1 \[backend\] Accept dueDate — failed: OpenAI \(bad-model\) rejected the request \(HTTP 400\): Unsupported parameter: 'tools'\. Check the model name and the base URL\./);
  });

  it('says each retry on stderr while it waits: a 429 with retry-after: 1, then the plan', async () => {
    const r = await squad(['plan', 'Add due dates'], {}, { turns: [{ name: 'limited', times: 1, fault: { kind: 'status', status: 429, retryAfterSeconds: 1 } }, planTurn(PLAN)] });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^OpenAI \(scripted\) rate limited \(HTTP 429\), retrying in 1 s \(retry 1 of 2\)$/m);
    assert.match(r.stdout, /^Plan: Due dates$/m);
    const { events } = await journalOf(r.stderr);
    assert.equal(events.at(-1)?.type, 'run.finished');
  });
});
