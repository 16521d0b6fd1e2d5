import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createProcessRunner } from '../../../src/node/processRunner';
import { CappedOutput } from '../../../src/node/outputCap';
import { isSecretEnvName, scrubEnv } from '../../../src/node/scrubEnv';
import type { CommandOptions } from '../../../src/core/testing/runner';

const posixOnly = { skip: process.platform === 'win32' ? 'POSIX shell syntax' : false };
const runner = createProcessRunner({ killGraceMs: 300 });
const node = JSON.stringify(process.execPath);

function options(overrides: Partial<CommandOptions> = {}): CommandOptions {
  return { cwd: os.tmpdir(), env: process.env, timeoutMs: 20_000, maxOutputBytes: 1024 * 1024, ...overrides };
}

/** A zombie (exited, not yet reaped by a container's PID 1) is not running. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

/** Asserts the process is gone; one that survived is killed first, so a failing test leaves nothing behind. */
function assertGone(...pids: number[]): void {
  const running = pids.filter(isRunning);
  for (const pid of running) process.kill(pid, 'SIGKILL');
  assert.deepEqual(running, [], `still running: ${running.join(', ')}`);
}

function pidsIn(output: string): number[] {
  return [...output.matchAll(/PID=(\d+)/g)].map((m) => Number(m[1]));
}

async function withTempDir<T>(name: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), name));
  try {
    return await fn(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function waitForFile(file: string): Promise<string> {
  for (;;) {
    const text = await fs.readFile(file, 'utf8').catch(() => '');
    if (text.endsWith('\n')) return text;
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('exit codes pass through and stdout and stderr are both captured', async () => {
  const failed = await runner.run(`${node} -e "console.log('out'); console.error('err'); process.exit(3)"`, options());
  assert.equal(failed.exitCode, 3);
  assert.equal(failed.timedOut, false);
  assert.equal(failed.cancelled, false);
  assert.match(failed.output, /out/);
  assert.match(failed.output, /err/);
  assert.equal(failed.droppedBytes, 0);
  const ok = await runner.run(`${node} -e "process.exit(0)"`, options());
  assert.equal(ok.exitCode, 0);
  assert.ok(ok.durationMs >= 0);
});

test('a hanging command is killed on timeout and leaves no process behind', async () => {
  const result = await runner.run(`${node} -e "console.log('PID=' + process.pid); setInterval(() => {}, 1000)"`, options({ timeoutMs: 500 }));
  assert.equal(result.timedOut, true);
  assert.equal(result.cancelled, false);
  assert.equal(result.exitCode, null);
  const [pid] = pidsIn(result.output);
  assert.ok(pid, `the command printed its pid: ${result.output}`);
  assertGone(pid);
});

test('a shell that spawns a grandchild: the whole tree dies on timeout', posixOnly, async () => {
  const result = await runner.run(`sh -c 'sleep 1000 & echo "PID=$!"; wait'`, options({ timeoutMs: 500 }));
  assert.equal(result.timedOut, true);
  assert.equal(result.exitCode, null);
  const [grandchild] = pidsIn(result.output);
  assert.ok(grandchild, `the shell printed the grandchild's pid: ${result.output}`);
  assertGone(grandchild);
});

test('a process that ignores SIGTERM is killed after the grace period', async () => {
  const script = "process.on('SIGTERM', () => console.log('ignored TERM')); console.log('PID=' + process.pid); setInterval(() => {}, 1000)";
  const result = await runner.run(`${node} -e "${script}"`, options({ timeoutMs: 500 }));
  assert.equal(result.timedOut, true);
  const [pid] = pidsIn(result.output);
  assert.ok(pid);
  assert.match(result.output, /ignored TERM/);
  assertGone(pid);
});

test('descendants left running after a normal exit are stopped', posixOnly, async () => {
  const result = await runner.run(`sleep 1000 >/dev/null 2>&1 & echo "PID=$!"`, options());
  assert.equal(result.exitCode, 0);
  assert.equal(result.timedOut, false);
  const [leftover] = pidsIn(result.output);
  assert.ok(leftover);
  assertGone(leftover);
});

test('cancellation mid-run kills the tree promptly', posixOnly, async () => {
  await withTempDir('squad-run-', async (dir) => {
    const marker = path.join(dir, 'pids');
    const controller = new AbortController();
    const running = runner.run(`sleep 1000 & echo "PID=$$ PID=$!" > pids; wait`, options({ cwd: dir, signal: controller.signal, timeoutMs: 60_000 }));
    const pids = pidsIn(await waitForFile(marker));
    assert.equal(pids.length, 2);
    assert.ok(pids.every(isRunning), 'the tree is running before the abort');
    controller.abort();
    const result = await running;
    assert.equal(result.cancelled, true);
    assert.equal(result.timedOut, false);
    assert.equal(result.exitCode, null);
    assertGone(...pids);
  });
});

test('an already aborted signal runs nothing', async () => {
  await withTempDir('squad-run-', async (dir) => {
    const controller = new AbortController();
    controller.abort();
    const result = await runner.run(`${node} -e "require('fs').writeFileSync('ran', 'x')"`, options({ cwd: dir, signal: controller.signal }));
    assert.equal(result.cancelled, true);
    assert.equal(result.exitCode, null);
    assert.deepEqual(await fs.readdir(dir), []);
  });
});

test('megabytes of output are capped, keeping the head and the tail', async () => {
  const body = 5 * 1024 * 1024;
  const script = `process.stdout.write('HEAD-MARK\\n' + 'x'.repeat(${body}) + '\\nTAIL-MARK\\n')`;
  const max = 64 * 1024;
  const result = await runner.run(`${node} -e "${script}"`, options({ maxOutputBytes: max }));
  assert.equal(result.exitCode, 0);
  assert.ok(result.output.startsWith('HEAD-MARK\n'));
  assert.ok(result.output.endsWith('\nTAIL-MARK\n'));
  const total = 'HEAD-MARK\n'.length + body + '\nTAIL-MARK\n'.length;
  assert.equal(result.droppedBytes, total - max);
  assert.match(result.output, new RegExp(`${total - max} bytes of output dropped`));
  assert.ok(Buffer.byteLength(result.output) < max + 100);
});

test('UTF-8 split across chunks, with stderr in between, decodes cleanly', async () => {
  const script = [
    'const euro = Buffer.from([0xe2, 0x82, 0xac]);',
    'process.stdout.write(euro.subarray(0, 1));',
    "setTimeout(() => { process.stderr.write('err\\n');",
    "setTimeout(() => process.stdout.write(Buffer.concat([euro.subarray(1), Buffer.from('\\n')])), 50); }, 50);",
  ].join(' ');
  const result = await runner.run(`${node} -e "${script}"`, options());
  assert.equal(result.exitCode, 0);
  assert.match(result.output, /€\n/);
  assert.match(result.output, /err\n/);
  assert.doesNotMatch(result.output, /\uFFFD/);
});

test('the cap never splits a character, and kept + dropped bytes add up', () => {
  const capped = new CappedOutput(10);
  const text = '€'.repeat(100);
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += 7) capped.push('stdout', bytes.subarray(i, i + 7));
  const { output, droppedBytes } = capped.finish();
  assert.doesNotMatch(output, /\uFFFD/);
  const [head, tail] = output.split(/\n\[… \d+ bytes of output dropped …\]\n/);
  assert.ok(tail !== undefined);
  assert.equal(Buffer.byteLength(head as string) + Buffer.byteLength(tail) + droppedBytes, bytes.length);
  assert.ok(tail.length > 0 && /^€+$/.test(tail));
});

test('the environment has no provider keys or secrets, even when the parent has them', async () => {
  const saved = process.env['OPENAI_API_KEY'];
  process.env['OPENAI_API_KEY'] = 'sk-parent-secret';
  try {
    const env = { ...process.env, ANTHROPIC_API_KEY: 'sk-ant', GITHUB_TOKEN: 'ghp_x', AWS_SECRET_ACCESS_KEY: 'a', SQUAD_MODEL: 'm', KEEP_ME: 'yes', FORCE_COLOR: '3' };
    const script = 'console.log(JSON.stringify(process.env))';
    const result = await runner.run(`${node} -e "${script}"`, options({ env }));
    const seen = JSON.parse(result.output) as Record<string, string>;
    for (const name of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'SQUAD_MODEL']) {
      assert.equal(seen[name], undefined, `${name} is removed`);
    }
    assert.equal(seen['KEEP_ME'], 'yes');
    assert.equal(seen['CI'], 'true');
    assert.equal(seen['NO_COLOR'], '1');
    assert.equal(seen['FORCE_COLOR'], '0');
    assert.ok(seen['PATH']);
  } finally {
    if (saved === undefined) delete process.env['OPENAI_API_KEY'];
    else process.env['OPENAI_API_KEY'] = saved;
  }
});

test('secret-looking names are recognised and ordinary ones kept', () => {
  for (const name of ['OPENAI_API_KEY', 'openai_base_url', 'MY_SERVICE_APIKEY', 'NPM_TOKEN', 'npm_config__authToken', 'GH_TOKEN', 'DB_PASSWORD', 'AWS_PROFILE', 'SSH_AUTH_SOCK', 'CLIENT_SECRET_ID', 'SQUAD_API_BASE']) {
    assert.equal(isSecretEnvName(name), true, name);
  }
  for (const name of ['PATH', 'HOME', 'NODE_ENV', 'GOCACHE', 'TOKENIZERS_PARALLELISM', 'LANG', 'HTTPS_PROXY']) {
    assert.equal(isSecretEnvName(name), false, name);
  }
  assert.deepEqual(scrubEnv({ A: '1', B: undefined, OPENAI_API_KEY: 'k' }), { A: '1', CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1' });
});

test('stdin is closed, so a command reading it sees end-of-input at once', async () => {
  const script = "process.stdin.on('data', () => {}).on('end', () => console.log('EOF'))";
  const result = await runner.run(`${node} -e "${script}"`, options({ timeoutMs: 20_000 }));
  assert.equal(result.timedOut, false);
  assert.equal(result.exitCode, 0);
  assert.match(result.output, /EOF/);
});

test('a working directory with spaces', async () => {
  await withTempDir('squad run with spaces ', async (dir) => {
    const result = await runner.run(`${node} -e "console.log(process.cwd())"`, options({ cwd: dir }));
    assert.equal(result.exitCode, 0);
    assert.equal(await fs.realpath(result.output.trim()), await fs.realpath(dir));
  });
});

test('a missing working directory is reported, not thrown', async () => {
  const result = await runner.run('echo hi', options({ cwd: path.join(os.tmpdir(), 'squad-no-such-dir-' + process.pid) }));
  assert.equal(result.exitCode, null);
  assert.equal(result.timedOut, false);
  assert.match(result.output, /Could not start the command/);
});
