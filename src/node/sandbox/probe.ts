/**
 * What OS sandbox this machine offers. Linux: bubblewrap, found on PATH and proven by really
 * starting a sandbox with every isolation the runner uses (a package that is installed but
 * cannot create namespaces, as in many containers, counts as absent). Elsewhere: none.
 * The answer is cached per bwrap location for the life of the process.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { SandboxInfo } from '../../core/testing/runner';

export interface SandboxProbe {
  readonly info: SandboxInfo;
  /** Absolute path of a working bwrap; set exactly when `info.kind` is 'bwrap'. */
  readonly bwrap?: string;
}

const PROBE_TIMEOUT_MS = 10_000;
const INSTALL_HINT = 'install bubblewrap (Debian and Ubuntu: apt install bubblewrap; Fedora: dnf install bubblewrap)';
const GUARANTEES =
  'Test commands run in a bubblewrap sandbox: they write only to their scratch copy, see neither your workspace nor your home folder ' +
  '(apart from the toolchains they run, read-only), reach no network beyond what you allowed, and are stopped with every process they started.';

const cache = new Map<string, Promise<SandboxProbe>>();

/**
 * Probes once per process (per `bwrapPath`): `bwrapPath` overrides the PATH lookup, so tests can
 * point at a missing binary to see the refusal path.
 */
export function probeSandbox(bwrapPath?: string): Promise<SandboxProbe> {
  const key = bwrapPath ?? '';
  let probe = cache.get(key);
  if (!probe) {
    probe = detect(bwrapPath);
    cache.set(key, probe);
  }
  return probe;
}

async function detect(bwrapPath?: string): Promise<SandboxProbe> {
  if (process.platform !== 'linux') return { info: { kind: 'none', description: noSandboxOn(process.platform) } };
  const bwrap = bwrapPath ?? (await findOnPath('bwrap'));
  if (!bwrap || !(await isExecutable(bwrap))) {
    return { info: { kind: 'none', description: `bubblewrap (bwrap) is not installed, so test commands would run with your full user rights; ${INSTALL_HINT}.` } };
  }
  const failure = await tryRun(bwrap);
  if (failure !== undefined) {
    return {
      info: {
        kind: 'none',
        description: `bubblewrap is installed but cannot create a sandbox here (${failure}); this usually means unprivileged user namespaces are disabled, so test commands would run with your full user rights.`,
      },
    };
  }
  return { info: { kind: 'bwrap', description: GUARANTEES }, bwrap };
}

function noSandboxOn(platform: NodeJS.Platform): string {
  const name = platform === 'darwin' ? 'macOS' : platform === 'win32' ? 'Windows' : platform;
  return `Squad has no OS sandbox on ${name}: test commands run in a scratch copy, but with your full user rights (files, network, home folder).`;
}

async function findOnPath(name: string): Promise<string | undefined> {
  // /usr/bin last: a distribution's bwrap is the usual one, but a PATH entry chosen by the user wins.
  const dirs = [...(process.env['PATH'] ?? '').split(path.delimiter).filter((d) => path.isAbsolute(d)), '/usr/bin'];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await fs.access(file, fs.constants.X_OK);
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Runs `true` with the namespaces and mounts every sandboxed command gets; the error text when that fails. */
function tryRun(bwrap: string): Promise<string | undefined> {
  const args = [
    '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp',
    '--unshare-pid', '--unshare-net', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try',
    '--cap-drop', 'ALL', '--die-with-parent', '--new-session', '--', 'true',
  ];
  return new Promise((resolve) => {
    const child = spawn(bwrap, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: '/usr/bin:/bin' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), PROBE_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve(err.message);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(undefined);
      const reason = stderr.trim().split('\n')[0]?.replace(/^bwrap:\s*/, '');
      resolve(reason || (signal ? `killed by ${signal}` : `exit code ${String(code)}`));
    });
  });
}
