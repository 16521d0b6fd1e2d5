import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import type { Script } from '../../support/script';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { makeTempWorkspace } from '../../support/tempWorkspace';

const VALID = {
  summary: 'Due dates on tasks',
  tasks: [
    { id: 't1', role: 'database', title: 'Add due_date column', description: 'Migration adding tasks.due_date.', files: ['src/db/002_due.sql'] },
    { id: 't2', role: 'backend', title: 'Accept dueDate in the API', description: 'POST /api/tasks takes dueDate.', dependsOn: ['t1'] },
    { id: 't3', role: 'qa', title: 'Test due dates', description: 'API tests.', dependsOn: ['t2'] },
  ],
};
const CYCLE = {
  summary: 'Due dates',
  tasks: [
    { id: 't1', role: 'database', title: 'A', description: 'a', dependsOn: ['t2'] },
    { id: 't2', role: 'backend', title: 'B', description: 'b', dependsOn: ['t1'] },
  ],
};

const submit = (args: unknown) => ({ toolCalls: [{ name: 'submit_plan', arguments: args }], usage: { input: 1000, output: 100 } });
const VALID_FIRST: Script = { turns: [{ reply: submit(VALID) }] };
const REPAIRED: Script = { turns: [{ match: { assistantTurns: 0 }, reply: submit(CYCLE) }, { match: { assistantTurns: 1 }, reply: submit(VALID) }] };
const ALWAYS_INVALID: Script = { turns: [{ reply: submit(CYCLE) }] };

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

describe('squad plan (in-process)', () => {
  let server: ScriptedServer;
  let ws: Awaited<ReturnType<typeof makeTempWorkspace>>;
  let state: string;

  before(async () => {
    server = await startScriptedServer(VALID_FIRST, { log: () => {} });
    ws = await makeTempWorkspace({
      'package.json': JSON.stringify({ name: 'taskboard', scripts: { test: 'node --test' } }),
      'src/server.js': "import http from 'node:http';\n",
    });
    state = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-cli-state-'));
  });
  after(async () => {
    await server.close();
    await ws.dispose();
    await fs.rm(state, { recursive: true, force: true });
  });

  /** A clean environment: nothing from the machine running the tests leaks in. */
  const baseEnv = (): Record<string, string> => ({ HOME: state, XDG_STATE_HOME: path.join(state, 'xdg'), OPENAI_API_KEY: 'test-key' });

  async function squad(argv: string[], opts: { env?: Record<string, string>; script?: Script; cwd?: string } = {}): Promise<Captured> {
    if (opts.script) server.setScript(opts.script);
    let stdout = '';
    let stderr = '';
    const code = await main(argv, {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      env: opts.env ?? baseEnv(),
      cwd: opts.cwd ?? ws.root,
    });
    return { code, stdout, stderr };
  }
  const openai = () => ['--base-url', server.openaiBaseUrl];

  it('prints the plan as a tree with dependencies and a usage line', async () => {
    const r = await squad(['plan', 'Add due dates', ...openai()], { script: VALID_FIRST });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Plan: Due dates on tasks$/m);
    assert.match(r.stdout, /^t1 \[database\] Add due_date column$/m);
    assert.match(r.stdout, /^t2 \[backend\] Accept dueDate in the API {2}← t1$/m);
    assert.match(r.stdout, /^ {4}POST \/api\/tasks takes dueDate\.$/m);
    assert.match(r.stdout, /^tokens: 1,000 in · 100 out · 0 cached · cost \$0\.\d{4}$/m);
    assert.match(r.stderr, /^run \S+ \(journal: /m);
    assert.match(r.stderr, /planning with gpt-4\.1-mini \(openai\)…/);
  });

  it('--json prints exactly one JSON object on stdout and the progress on stderr', async () => {
    const journal = path.join(state, 'journal-json');
    const r = await squad(['plan', 'Add due dates', '--json', '--journal', journal, ...openai()], { script: REPAIRED });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const out = JSON.parse(lines[0] as string);
    assert.equal(typeof out.runId, 'string');
    assert.equal(out.plan.summary, 'Due dates on tasks');
    assert.deepEqual(out.plan.tasks.map((t: { id: string; role: string; dependsOn: string[] }) => [t.id, t.role, t.dependsOn]), [
      ['t1', 'database', []],
      ['t2', 'backend', ['t1']],
      ['t3', 'qa', ['t2']],
    ]);
    assert.equal(out.plan.tasks[1].title, 'Accept dueDate in the API');
    assert.equal(out.plan.tasks[1].description, 'POST /api/tasks takes dueDate.');
    assert.equal(out.usage.input, 2000);
    assert.equal(out.usage.output, 200);
    assert.equal(typeof out.usage.cost, 'number');
    assert.equal(out.attempts, 2);
    assert.match(r.stderr, /plan attempt 1 had 1 problem/);
    assert.match(r.stderr, /cycle: t1 → t2 → t1/);
    // The journal went where --journal said, and the workspace was left alone.
    const events = (await fs.readFile(path.join(journal, 'runs', out.runId, 'events.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(events.map((e: { type: string }) => e.type).at(-1), 'run.finished');
    assert.equal(await fs.stat(path.join(ws.root, '.squad')).catch(() => undefined), undefined);
  });

  it('journals to the XDG state folder by default', async () => {
    const r = await squad(['plan', 'Add due dates', '--json', ...openai()], { script: VALID_FIRST });
    assert.equal(r.code, 0, r.stderr);
    const { runId } = JSON.parse(r.stdout);
    const lines = await fs.readFile(path.join(state, 'xdg', 'squad', 'runs', runId, 'events.jsonl'), 'utf8');
    assert.match(lines, /"type":"plan.proposed"/);
  });

  it('exits 1 with the problems when the plan stays invalid', async () => {
    const r = await squad(['plan', 'Add due dates', ...openai()], { script: ALWAYS_INVALID });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /squad: plan\/invalid: /);
    assert.match(r.stderr, /^ {2}- cycle: t1 → t2 → t1/m);
    assert.equal(r.stdout, '');
    const json = await squad(['plan', 'Add due dates', '--json', ...openai()], { script: ALWAYS_INVALID });
    assert.equal(json.code, 1);
    const out = JSON.parse(json.stdout);
    assert.equal(out.error.code, 'plan/invalid');
    assert.ok(out.error.details.some((d: string) => d.startsWith('cycle')));
  });

  it('exits 1 on llm/auth and names the key to check', async () => {
    const r = await squad(['plan', 'Add due dates', ...openai()], { script: { turns: [{ fault: { kind: 'status', status: 401 } }] } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /squad: llm\/auth: /);
    assert.match(r.stderr, /Check OPENAI_API_KEY/);
    assert.doesNotMatch(r.stderr, /test-key/);
  });

  it('exits 2 naming the variable when the API key is missing', async () => {
    const before = server.requests.length;
    const { OPENAI_API_KEY: _, ...noKey } = baseEnv();
    const a = await squad(['plan', 'Add due dates'], { env: noKey });
    assert.equal(a.code, 2);
    assert.match(a.stderr, /set OPENAI_API_KEY/);
    const b = await squad(['plan', 'Add due dates', '--provider', 'anthropic', '--base-url', server.anthropicBaseUrl], { env: noKey });
    assert.equal(b.code, 2);
    assert.match(b.stderr, /set ANTHROPIC_API_KEY/);
    assert.equal(server.requests.length, before, 'no request without a key');
  });

  it('needs no key for an OpenAI-compatible server given by --base-url', async () => {
    const { OPENAI_API_KEY: _, ...noKey } = baseEnv();
    const r = await squad(['plan', 'Add due dates', ...openai()], { env: noKey, script: VALID_FIRST });
    assert.equal(r.code, 0, r.stderr);
  });

  it('exits 2 on usage errors: unknown option, bad provider, bad --max-tasks, no request', async () => {
    const unknown = await squad(['plan', 'x', '--frobnicate', ...openai()]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /frobnicate/);
    const provider = await squad(['plan', 'x', '--provider', 'gemini', ...openai()]);
    assert.equal(provider.code, 2);
    assert.match(provider.stderr, /Unknown provider "gemini"/);
    const max = await squad(['plan', 'x', '--max-tasks', 'many', ...openai()]);
    assert.equal(max.code, 2);
    assert.match(max.stderr, /--max-tasks/);
    const empty = await squad(['plan', ...openai()]);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /needs a feature request/);
    const command = await squad(['deploy']);
    assert.equal(command.code, 2);
  });

  it('lets flags win over the environment', async () => {
    const start = server.requests.length;
    const env = { ...baseEnv(), SQUAD_PROVIDER: 'anthropic', SQUAD_MODEL: 'env-model', SQUAD_BASE_URL: 'http://127.0.0.1:9/v1' };
    const r = await squad(['plan', 'Add due dates', '--provider', 'openai', '--model', 'flag-model', ...openai()], { env, script: VALID_FIRST });
    assert.equal(r.code, 0, r.stderr);
    const [req] = server.requests.slice(start);
    assert.equal(req?.protocol, 'openai');
    assert.equal((req?.body as { model: string }).model, 'flag-model');
    assert.match(r.stdout, /cost unknown/);
  });

  it('routes the planner to --model-planner, and to SQUAD_MODEL_PLANNER without flags', async () => {
    const start = server.requests.length;
    const r = await squad(['plan', 'Add due dates', '--model', 'gpt-4.1-nano', '--model-planner', 'gpt-4.1', ...openai()], { script: VALID_FIRST });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((server.requests[start]?.body as { model: string }).model, 'gpt-4.1');
    assert.match(r.stderr, /planning with gpt-4\.1 \(openai\)/);
    const env = { ...baseEnv(), SQUAD_MODEL_PLANNER: 'gpt-4o-mini' };
    const fromEnv = await squad(['plan', 'Add due dates', ...openai()], { env, script: VALID_FIRST });
    assert.equal(fromEnv.code, 0, fromEnv.stderr);
    assert.equal((server.requests[start + 1]?.body as { model: string }).model, 'gpt-4o-mini');
  });

  it('plans through the Anthropic provider', async () => {
    const start = server.requests.length;
    const env = { ...baseEnv(), ANTHROPIC_API_KEY: 'test-key' };
    const r = await squad(['plan', 'Add due dates', '--provider', 'anthropic', '--base-url', server.anthropicBaseUrl, '--json'], { env, script: REPAIRED });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).model, 'claude-haiku-4-5');
    assert.deepEqual(server.requests.slice(start).map((q) => q.protocol), ['anthropic', 'anthropic']);
  });

  it('exits 1 and journals run.failed when cancelled mid-request', async () => {
    server.setScript({ turns: [{ delayMs: 60_000, reply: submit(VALID) }] });
    const start = server.requests.length;
    const controller = new AbortController();
    let stdout = '';
    let stderr = '';
    const journal = path.join(state, 'journal-cancel');
    const running = main(['plan', 'Add due dates', '--json', '--journal', journal, ...openai()], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      env: baseEnv(),
      cwd: ws.root,
      signal: controller.signal,
    });
    // Cancel once the model call is under way.
    while (server.requests.length === start) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    assert.equal(await running, 1);
    assert.match(stderr, /squad: cancelled: /);
    const out = JSON.parse(stdout);
    assert.equal(out.error.code, 'cancelled');
    const events = await fs.readFile(path.join(journal, 'runs', out.runId, 'events.jsonl'), 'utf8');
    assert.match(events.trim().split('\n').at(-1) as string, /"type":"run.failed".*"code":"cancelled"/);
  });

  it('limits the roles with --roles', async () => {
    const r = await squad(['plan', 'Add due dates', '--roles', 'backend,qa', ...openai()], { script: { turns: [{ reply: submit(VALID) }] } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unknown role "database"; allowed roles are: backend, qa/);
  });
});

describe('squad help', () => {
  const run = async (argv: string[]): Promise<Captured> => {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: {}, cwd: os.tmpdir() });
    return { code, stdout, stderr };
  };

  it('documents the commands, provider options, defaults and keys', async () => {
    for (const argv of [['--help'], ['help'], ['-h']]) {
      const r = await run(argv);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /squad plan "<request>"/);
      assert.match(r.stdout, /--model-<role>/);
      assert.match(r.stdout, /gpt-4\.1-mini/);
      assert.match(r.stdout, /claude-haiku-4-5/);
      assert.match(r.stdout, /OPENAI_API_KEY, ANTHROPIC_API_KEY/);
    }
    const plan = await run(['plan', '--help']);
    assert.equal(plan.code, 0);
    assert.match(plan.stdout, /--workspace DIR/);
    assert.equal((await run(['help', 'plan'])).stdout, plan.stdout);
  });

  it('exits 2 with the usage when no command is given', async () => {
    const r = await run([]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Usage:/);
  });
});
