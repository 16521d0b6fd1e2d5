/**
 * On a Node older than Squad supports, `npm ci`, `npm test`, `npm run demo` and `squad` stop at once
 * and say why. Run with a real Node 20, installed from the npm registry into the same cache folder
 * scripts/ensure-node.sh uses, on copies of the project's own package files.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';

const run = promisify(execFile);
const repo = path.resolve(__dirname, '../..');
const OLD_NODE = '20.19.5';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the checks are plain CommonJS scripts, so they run on old Nodes too
const { MIN_NODE } = require('../../scripts/nodeVersion.cjs') as { MIN_NODE: string };

let oldNodeBin = '';
let project = '';

before(async () => {
  oldNodeBin = execFileSync('bash', [path.join(repo, 'scripts/ensure-node.sh')], {
    env: { ...process.env, SQUAD_NODE_VERSION: OLD_NODE },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  project = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-old-node-'));
  for (const file of ['package.json', 'package-lock.json', '.npmrc', '.nvmrc', 'scripts/nodeVersion.cjs', 'scripts/check-node.cjs']) {
    await fs.mkdir(path.dirname(path.join(project, file)), { recursive: true });
    await fs.copyFile(path.join(repo, file), path.join(project, file));
  }
});

after(async () => {
  if (project) await fs.rm(project, { recursive: true, force: true });
});

/** Runs a command with the old Node first on PATH (npm itself is the one already installed). */
async function withOldNode(command: string, args: readonly string[]): Promise<{ code: number; out: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${oldNodeBin}${path.delimiter}${process.env.PATH ?? ''}`, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' };
  delete env.NODE_OPTIONS;
  try {
    const { stdout, stderr } = await run(command, [...args], { cwd: project, env, timeout: 120_000 });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const oneLine = new RegExp(`^Squad needs Node ${MIN_NODE.replaceAll('.', '\\.')} or newer, but this is Node ${OLD_NODE.replaceAll('.', '\\.')}\\. Fix: .+$`, 'm');

test('the old Node really is older than the supported one, and package.json says the same minimum', async () => {
  const { out } = await withOldNode('node', ['--version']);
  assert.equal(out.trim(), `v${OLD_NODE}`);
  const pkg = JSON.parse(await fs.readFile(path.join(repo, 'package.json'), 'utf8')) as { engines: { node: string } };
  assert.equal(pkg.engines.node, `>=${MIN_NODE}`);
  assert.equal((await fs.readFile(path.join(repo, '.nvmrc'), 'utf8')).trim(), (await fs.readFile(path.join(repo, '.node-version'), 'utf8')).trim());
});

test('npm ci stops before installing anything, naming the Node found and the one needed', async () => {
  const { code, out } = await withOldNode('npm', ['ci', '--no-audit', '--no-fund']);
  assert.notEqual(code, 0);
  assert.match(out, /EBADENGINE/);
  assert.ok(out.includes(`>=${MIN_NODE}`) && out.includes(`v${OLD_NODE}`), out);
  assert.equal(existsSync(path.join(project, 'node_modules')), false, 'nothing was installed');
});

for (const script of ['test', 'run demo']) {
  test(`npm ${script} stops at its first step with one line saying what to do`, async () => {
    const { code, out } = await withOldNode('npm', script.split(' '));
    assert.notEqual(code, 0);
    assert.match(out, oneLine);
    assert.equal(out.match(/Squad needs Node/g)?.length, 1);
    // The test runner and the demo never started: neither their errors nor the build appear.
    assert.doesNotMatch(out, /Could not find|node:sqlite|esbuild|tsx/i);
    assert.equal(existsSync(path.join(project, 'dist')), false);
  });
}

test('the squad CLI, bundled as `npm run build` bundles it, prints exactly one line and exits 1 before loading any module', async () => {
  const config = (await import(pathToFileURL(path.join(repo, 'esbuild.mjs')).href)) as { builds: esbuild.BuildOptions[] };
  const cli = config.builds.find((b) => Array.isArray(b.entryPoints) && b.entryPoints[0] === 'src/cli/main.ts');
  assert.ok(cli, 'esbuild.mjs builds the CLI');
  const outfile = path.join(project, 'cli.js');
  await esbuild.build({ ...cli, absWorkingDir: repo, outfile, sourcemap: false, logLevel: 'silent' });
  const old = await withOldNode('node', [outfile, '--help']);
  assert.equal(old.code, 1);
  assert.match(old.out, oneLine);
  assert.equal(old.out.trim().split('\n').length, 1, old.out);
  // On the supported Node the same bundle runs as usual, also as a command through its shebang.
  const { stdout } = await run(process.execPath, [outfile, '--help']);
  assert.match(stdout, /^squad: /);
  await fs.chmod(outfile, 0o755);
  const direct = await run(outfile, ['--help'], { env: { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` } });
  assert.match(direct.stdout, /^squad: /);
});
