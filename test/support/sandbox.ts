/**
 * A victim for the sandbox tests: a fake home (with a .bashrc and a key), a git workspace (with a
 * .env, hooks, an installed dependency and a `node --test` suite), a scratch folder, the stager
 * and the runner. The test process's HOME points at the fake home before anything reads it, so
 * a sandbox that failed could only ever damage that folder.
 *
 * On Linux the tests need bubblewrap and fail (never skip) without it; elsewhere they check that
 * the runner refuses to run without a sandbox.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs, constants as fsConstants, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { isSquadError } from '../../src/core/common/errors';
import type { CommandOptions, CommandResult, NetworkPolicy } from '../../src/core/testing/runner';
import type { StagedTree } from '../../src/core/testing/staging';
import { createProcessRunner } from '../../src/node/processRunner';
import { createStager } from '../../src/node/staging';

export const runner = createProcessRunner({ killGraceMs: 300 });
export const isLinux = process.platform === 'linux';
export const nonce = () => randomBytes(6).toString('hex');

/**
 * Whether the sandbox tests can run here. Linux: they must (throws with how to install bubblewrap
 * when it is missing). Elsewhere: false, and the caller asserts the refusal instead.
 */
export async function sandboxRequired(): Promise<boolean> {
  const info = await runner.sandboxInfo();
  if (!isLinux) {
    assert.equal(info.kind, 'none');
    return false;
  }
  assert.equal(info.kind, 'bwrap', `These tests need the bubblewrap sandbox on Linux: run \`bash scripts/sandbox/install.sh\`. (${info.description})`);
  return true;
}

export interface Victim {
  /** The fake home of the user (HOME of the test process). */
  readonly home: string;
  /** The user's workspace: a git repository. */
  readonly ws: string;
  /** A folder beside the workspace, outside /tmp where possible (like a real project folder). */
  readonly parent: string;
  /** Parent of the scratch trees. */
  readonly scratch: string;
  /** The value in the workspace's .env. */
  readonly dotenvSecret: string;
  stage(): Promise<StagedTree>;
  dispose(): Promise<void>;
}

/**
 * The victim's folders live under /var/tmp when it is writable (outside the sandbox's private
 * /tmp, as a real home and project are), else under the OS temp folder.
 */
async function victimParent(): Promise<string> {
  const outside = await fs.access('/var/tmp', fsConstants.W_OK).then(() => isLinux, () => false);
  return fs.mkdtemp(path.join(outside ? '/var/tmp' : os.tmpdir(), 'squad-sandbox-victim-'));
}

export async function createVictim(): Promise<Victim> {
  const parent = await fs.realpath(await victimParent());
  const home = path.join(parent, 'home');
  const ws = path.join(parent, 'project');
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-sandbox-scratch-'));
  const dotenvSecret = `dotenv-canary-${nonce()}`;
  process.env['HOME'] = home;
  await write(home, { '.bashrc': '# the user\'s bashrc\n', '.ssh/id_ed25519': 'FAKE-PRIVATE-KEY\n' });
  await write(ws, {
    '.gitignore': 'node_modules/\n.env\n',
    'package.json': '{ "name": "victim", "private": true, "scripts": { "test": "node --test" } }\n',
    'src/answer.js': 'module.exports = () => require("dep");\n',
    'test/answer.test.js': [
      "const test = require('node:test');",
      "const assert = require('node:assert');",
      "const answer = require('../src/answer');",
      "test('the answer comes from the installed dependency', () => assert.strictEqual(answer(), 42));",
      '',
    ].join('\n'),
  });
  const git = simpleGit(ws);
  await git.init();
  await git.addConfig('user.email', 'test@example.com').addConfig('user.name', 'Test').addConfig('commit.gpgsign', 'false');
  await git.add('.');
  await git.commit('initial');
  await write(ws, { '.env': `API_SECRET=${dotenvSecret}\n`, 'node_modules/dep/package.json': '{ "name": "dep", "main": "index.js" }\n', 'node_modules/dep/index.js': 'module.exports = 42;\n' });
  const stager = createStager(ws, { tmpDir: scratch });
  return {
    home,
    ws,
    parent,
    scratch,
    dotenvSecret,
    stage: () => stager.stage([]),
    async dispose() {
      await fs.rm(parent, { recursive: true, force: true });
      await fs.rm(scratch, { recursive: true, force: true });
    },
  };
}

async function write(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), content);
  }
}

/** Runs a command in the sandbox on a staged tree, with the test process's environment (node on PATH). */
export function runIn(tree: StagedTree, command: string, network: NetworkPolicy = { kind: 'none' }, overrides: Partial<CommandOptions> = {}): Promise<CommandResult> {
  const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}` };
  return runner.run(command, { cwd: tree.dir, env, timeoutMs: 60_000, maxOutputBytes: 1 << 20, sandbox: { ...tree.sandbox, network }, ...overrides });
}

/** Asserts the runner refuses a sandboxed run on a machine without a sandbox. */
export async function assertRefused(tree: StagedTree, command: string): Promise<void> {
  await assert.rejects(runIn(tree, command), (err) => isSquadError(err, 'sandbox/unavailable'));
}

/** Every file under a folder with a hash of its bytes (and its mode), to prove nothing in it changed. */
export async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await fs.readdir(path.join(root, rel), { withFileTypes: true })) {
      const childRel = path.join(rel, entry.name);
      const abs = path.join(root, childRel);
      if (entry.isDirectory()) {
        out[`${childRel}/`] = 'dir';
        await walk(childRel);
      } else {
        const st = await fs.lstat(abs);
        out[childRel] = `${st.mode}:${entry.isSymbolicLink() ? await fs.readlink(abs) : createHash('sha256').update(await fs.readFile(abs)).digest('hex')}`;
      }
    }
  };
  await walk('');
  return out;
}

/** A `sleep` duration no other process on the machine uses, to find that sleep among the host's processes. */
export const sleepMarker = () => `600.${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;

/**
 * Host pids of running processes whose arguments include `marker` (Linux /proc). Only `program`
 * processes count when given: bwrap's own command line holds the whole command text too.
 */
export function hostProcessesWith(marker: string, program?: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      const argv = cmdline.split('\0');
      const matches = argv.includes(marker) && (program === undefined || path.basename(argv[0] ?? '') === program);
      if (matches && state !== 'Z' && state !== 'X') found.push(Number(name));
    } catch {
      // gone while we looked
    }
  }
  return found;
}

/** Asserts no process carries the marker; kills survivors first, so a failing test leaves nothing behind. */
export function assertNoProcessWith(marker: string): void {
  const left = hostProcessesWith(marker);
  for (const pid of left) process.kill(pid, 'SIGKILL');
  assert.deepEqual(left, [], `processes with ${marker} survived the run`);
}
