/**
 * End to end through `squad run`: a project whose failing test prints its environment, its .env
 * file and a URL with a password. The API key (set as users do, and copied under an innocent name),
 * the .env secret and the passwords reach none of: the model requests, the journal, --json.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { agentTurns, call, planTurn } from '../../support/agentScripts';
import { runSquadCli } from '../../support/cliHarness';
import { cliEnv, journalOf, parseRunJson } from '../../support/cliRuns';
import type { Script } from '../../support/script';
import { type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { makeTempWorkspace } from '../../support/tempWorkspace';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const KEY = `sk-proj-${randomBytes(30).toString('base64url')}`;
const DOTENV_SECRET = `dotenv-${hex(12)}`;
const URL_PASSWORD_PARTS = [`UrlPw${hex(4)}`, `x${hex(6)}`];
const URL_PASSWORD = URL_PASSWORD_PARTS.join('');
const ENV_DB_PASSWORD = `EnvDbPw${hex(8)}`;
const SECRETS = { 'API key': KEY, '.env secret': DOTENV_SECRET, 'URL password': URL_PASSWORD, 'env URL password': ENV_DB_PASSWORD };

/** A test that leaks everything it can reach and fails once `total` is wrong. */
function leakyTest(workspaceEnvFile: string): string {
  return `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { total } from '../src/price.js';

function dotenv() {
  // The staged copy holds .env when the stager copies it; else the workspace's own.
  for (const file of ['.env', ${JSON.stringify(workspaceEnvFile)}]) {
    try { return readFileSync(file, 'utf8'); } catch {}
  }
  return '(no .env)';
}

test('total adds prices', () => {
  const env = dotenv();
  const url = ['postgres://shop:', ${JSON.stringify(URL_PASSWORD_PARTS[0])}, ${JSON.stringify(URL_PASSWORD_PARTS[1])}, '@db.internal:5432/shop'].join('');
  const secret = (/SESSION_SECRET=(.*)/.exec(env) || [])[1] || '';
  const basic = Buffer.from('shop:' + secret).toString('base64');
  console.log('ENV', JSON.stringify(process.env));
  console.log('DOTENV', env);
  console.log('URL', url);
  // One line: the report keeps the first line of a failure message.
  const message = ['url=' + url, 'Authorization: Basic ' + basic, 'raw secret ' + secret, 'dotenv=' + JSON.stringify(env), 'env=' + JSON.stringify(process.env)].join(' ');
  assert.equal(total([{ price: 2 }, { price: 3 }]), 5, message);
});
`;
}

const PLAN = {
  summary: 'Discounts',
  tasks: [
    { id: 't1', role: 'backend', title: 'Apply a discount', description: 'total(items, discount) subtracts a discount.', dependsOn: [] },
    { id: 't2', role: 'qa', title: 'Check the tests', description: 'Run the tests.', dependsOn: ['t1'] },
  ],
};

const ORIGINAL = 'export function total(items) {\n  return items.reduce((sum, i) => sum + i.price, 0);';
/** Off by one: the test fails, and the failure points at this task's change. */
const BUGGY = 'export function total(items, discount = 0) {\n  return items.reduce((sum, i) => sum + i.price, 0) + 1 - discount;';

function script(): Script {
  return {
    turns: [
      planTurn(PLAN),
      {
        name: 't1 fix',
        match: { contains: ['fix round 1 of', 'Your task (t1)'], assistantTurns: 0 },
        reply: { toolCalls: [call('propose_edit', { path: 'src/price.js', edits: [{ search: '+ i.price, 0) + 1 - discount;', replace: '+ i.price, 0) - discount;' }] })] },
      },
      { name: 'fix finish', match: { contains: ['fix round'], assistantTurns: 1 }, reply: { toolCalls: [call('finish', { summary: 'Fixed.' })] } },
      { name: 'other fix', match: { contains: ['fix round'], assistantTurns: 0 }, reply: { toolCalls: [call('finish', { summary: 'Nothing to change.' })] } },
      ...agentTurns('t1', [
        [call('propose_edit', { path: 'src/price.js', edits: [{ search: ORIGINAL, replace: BUGGY }] })],
        [call('finish', { summary: 'total(items, discount).' })],
      ]),
      ...agentTurns('t2', [[call('run_tests', {})], [call('finish', { summary: 'Ran the tests.' })]]),
    ],
  };
}

describe('squad run keeps secrets out of models, journal and --json (real node:test run)', () => {
  let server: ScriptedServer;
  let home: string;
  before(async () => {
    server = await startScriptedServer({ turns: [] }, { log: () => {} });
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-secrets-home-'));
  });
  after(async () => {
    await server.close();
    await fs.rm(home, { recursive: true, force: true });
  });

  it('a test that prints process.env, .env and a URL with a password leaks none of them', async () => {
    server.setScript(script());
    const ws = await makeTempWorkspace({
      'package.json': JSON.stringify({ name: 'shop', type: 'module', scripts: { test: 'node --test' } }),
      'src/price.js': `${ORIGINAL}\n}\n`,
      '.env': `OPENAI_API_KEY=${KEY}\nSESSION_SECRET=${DOTENV_SECRET}\nGREETING=hello-from-dotenv\n`,
    });
    try {
      await fs.mkdir(path.join(ws.root, 'test'));
      await fs.writeFile(path.join(ws.root, 'test/price.test.js'), leakyTest(path.join(ws.root, '.env')));
      const since = server.requests.length;
      const env = cliEnv(server, home, {
        OPENAI_API_KEY: KEY,
        LLM_KEY: KEY,
        // Innocent name, a value only the workspace's .env says is secret.
        SESSION_COPY: DOTENV_SECRET,
        DATABASE_URL: `postgres://app:${ENV_DB_PASSWORD}@localhost/db`,
      });
      const result = await runSquadCli(['run', 'Add discounts', '--workspace', ws.root, '--yes', '--json'], env, ws.root);

      const out = parseRunJson(result.stdout);
      const journal = await journalOf(result.stderr);
      const requests = server.requests.slice(since);
      // The run did what this test is about: the tests failed, printed, and a fix round asked the model.
      assert.ok((out.tests?.rounds[0]?.failed ?? 0) >= 1, result.stderr);
      const fixRequests = requests.filter((r) => JSON.stringify(r.body).includes('fix round 1 of'));
      assert.ok(fixRequests.length >= 1, `no fix round in ${requests.map((r) => r.turnName).join(', ')}`);
      const fixText = JSON.stringify(fixRequests[0]?.body);
      assert.match(fixText, /hello-from-dotenv/, 'the .env file was printed (its plain settings stay readable)');
      assert.match(fixText, /\[redacted\]/);
      assert.match(fixText, /postgres:\/\/shop:\[redacted\]@db\.internal/);
      const qaAfterRun = requests.find((r) => r.turnName === 't2 turn 1');
      assert.match(JSON.stringify(qaAfterRun?.body), /\[redacted\]/, 'the QA agent saw the scrubbed output');
      assert.match(journal.text, /\[redacted\]/);

      // Nothing secret anywhere: every message of every request, the journal, --json, the progress lines.
      const places: [string, string][] = [
        ...requests.map((r, i): [string, string] => [`request ${i} (${r.turnName ?? 'unmatched'})`, JSON.stringify(r.body)]),
        ['journal', journal.text],
        ['--json', result.stdout],
        ['stderr', result.stderr],
      ];
      for (const [where, text] of places) {
        for (const [what, secret] of Object.entries(SECRETS)) assert.ok(!text.includes(secret), `${what} leaked into ${where}`);
        assert.ok(!text.includes(Buffer.from(`shop:${DOTENV_SECRET}`).toString('base64')), `Basic credential leaked into ${where}`);
      }
      // The environment the tests got (printed whole in the failure) had no key under any name, no
      // copy of the .env secret, and the database URL without its password.
      assert.match(fixText, /\\"PATH\\":/);
      assert.doesNotMatch(fixText, /LLM_KEY|SESSION_COPY|OPENAI_API_KEY\\":/);
      assert.match(fixText, /postgres:\/\/app@localhost\/db/);
    } finally {
      await ws.dispose();
    }
  });
});
