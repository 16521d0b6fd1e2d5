/**
 * `npm run demo`: runs the squad (`squad run`: plan, then one agent per task) on a copy of
 * examples/taskboard and prints each agent's proposed diffs. The example's own `node --test` then
 * runs on the proposals in a scratch copy; a failing test goes back to the agent whose change it
 * points at, for a fix round (in the recorded session the backend agent makes one real mistake
 * for the QA agent's tests to catch). With no provider configured it uses the offline demo model —
 * the scripted server replaying examples/demo/session.json — and says so. Nothing is applied, and
 * the copy is removed afterwards: the example itself is never modified.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startScriptedServer } from '../test/support/scriptedServer';
import type { Script } from '../test/support/script';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS script, shared with esbuild.mjs
const { CLI_NODE_FLAGS } = require('./cliNodeBanner.cjs') as { CLI_NODE_FLAGS: string[] };

const REQUEST = 'Add due dates to tasks and let users filter overdue tasks';
/** The example's test command, approved (--yes) for the throwaway copy only. */
const TEST_CMD = 'node --test';
const repoRoot = path.resolve(__dirname, '..');
const exampleDir = path.join(repoRoot, 'examples', 'taskboard');
const sessionFile = path.join(repoRoot, 'examples', 'demo', 'session.json');

function realProviderConfigured(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.SQUAD_PROVIDER || env.SQUAD_BASE_URL || env.OPENAI_API_KEY || env.ANTHROPIC_API_KEY);
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI_NODE_FLAGS, path.join(repoRoot, 'dist', 'cli.js'), ...args], { env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  const copy = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-demo-'));
  const workspace = path.join(copy, 'taskboard');
  await fs.cp(exampleDir, workspace, { recursive: true, filter: (src) => !/[\\/](node_modules|data)$/.test(src) });
  const journal = path.join(copy, 'journal');
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Squad strips it from its test runs already; dropping it here too keeps the example's
  // `node --test` from reporting to whatever test runner may have started the demo.
  delete env.NODE_TEST_CONTEXT;
  let server: Awaited<ReturnType<typeof startScriptedServer>> | undefined;

  try {
    if (realProviderConfigured(process.env)) {
      console.log('Squad demo: using the provider configured in your environment.');
    } else {
      const script = JSON.parse(await fs.readFile(sessionFile, 'utf8')) as Script;
      server = await startScriptedServer(script);
      console.log('Squad demo: OFFLINE DEMO MODEL — no real model is called.');
      console.log(`A local scripted server replays the recorded session ${path.relative(repoRoot, sessionFile)}.`);
      console.log('In it the backend agent makes one real mistake; watch the tests catch it and the fix round mend it.');
      console.log('Set OPENAI_API_KEY or ANTHROPIC_API_KEY (or SQUAD_BASE_URL for a local server) to use a real model.\n');
      Object.assign(env, { SQUAD_PROVIDER: 'openai', SQUAD_BASE_URL: server.openaiBaseUrl, SQUAD_MODEL: 'squad-demo-replay' });
      delete env.OPENAI_API_KEY;
    }
    console.log(`Working on a copy of examples/taskboard: ${workspace}`);
    console.log(`Once every agent has proposed, \`${TEST_CMD}\` runs on the proposals in a scratch copy; a failing`);
    console.log('test goes back to the agent whose change it points at, which revises it, and the tests run again.\n');
    console.log(`$ squad run "${REQUEST}" --test-cmd "${TEST_CMD}" --yes\n`);
    return await runCli(['run', REQUEST, '--workspace', workspace, '--journal', journal, '--test-cmd', TEST_CMD, '--yes'], env);
  } finally {
    await server?.close();
    await fs.rm(copy, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
