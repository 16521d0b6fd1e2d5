/**
 * Turns a SandboxRequest and a shell command line into the bwrap invocation that runs it: the
 * mount plan (what is hidden, shown read-only, writable), the environment, and for the
 * `endpoints` policy the relays, the forwarder and the /etc/hosts overlay. dispose() stops the
 * relays and removes the per-run folder once the command has ended.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SandboxRequest } from '../../core/testing/runner';
import { SCRATCH_PREFIX, writeOwner } from '../scratchOwner';
import { bwrapArgs, type MountPlan } from './bwrapArgs';
import { hostsFile, planEndpoints } from './endpoints';
import { SAVED_NODE_OPTIONS, forwarderArgv } from './forwarderSource';
import { isInside } from './paths';
import { startRelays, type Relays } from './relay';
import { outermost, secretsInside, toolchainMounts } from './toolchains';

export interface SandboxedCommand {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  dispose(): Promise<void>;
}

/** Always hidden: every user's home, and /run (docker.sock, the D-Bus buses, the user's runtime folder). */
const ALWAYS_HIDDEN = ['/home', '/root', '/run'];
/** The private tmpfs every sandbox gets. */
const TMP = '/tmp';
/** A unix socket path must fit in sockaddr_un (108 bytes on Linux, with its terminating NUL). */
const MAX_SOCKET_PATH = 100;

export interface SandboxedCommandInput {
  readonly bwrap: string;
  readonly command: string;
  readonly cwd: string;
  /** The command's environment, already scrubbed of secrets. */
  readonly env: Readonly<Record<string, string>>;
  readonly request: SandboxRequest;
}

export async function prepareSandboxedCommand(input: SandboxedCommandInput): Promise<SandboxedCommand> {
  const { request, env } = input;
  const homePath = path.isAbsolute(env['HOME'] ?? '') ? (env['HOME'] as string) : os.homedir();
  const writable = await existingWithReal(request.writable);
  const readable = await existingWithReal(request.readable);
  const hideCandidates = await existingWithReal([...ALWAYS_HIDDEN, os.homedir(), homePath, ...request.hidden]);
  // Nothing inside /tmp (already private) or inside another hidden folder needs its own cover.
  const hide = outermost([TMP, ...hideCandidates]).filter((dir) => dir !== TMP);
  const hiddenRoots = [TMP, ...hide];
  const toolchains = await toolchainMounts({ env, execPath: process.execPath, hidden: [TMP, ...hideCandidates], shown: [...writable, ...readable] });
  const readOnly = [...toolchains, ...readable.filter((p) => hiddenRoots.some((h) => isInside(h, p)))];
  const masks = await secretsInside(toolchains);
  const overlays: { source: string; target: string }[] = [];

  const commandEnv: Record<string, string> = { ...env, HOME: homePath, TMPDIR: TMP, PWD: input.cwd };
  // Both name places outside the sandbox: the caller's previous folder and its /run/user folder (hidden).
  delete commandEnv['OLDPWD'];
  delete commandEnv['XDG_RUNTIME_DIR'];

  const shell = ['/bin/sh', '-c', input.command];
  const network = request.network;
  const base = {
    hide,
    home: { source: request.home, target: homePath },
    readOnly,
    masks,
    overlays,
    writable,
    cwd: input.cwd,
    hostNetwork: network.kind === 'all',
    bindLowPorts: false,
  } satisfies MountPlan;

  if (network.kind === 'all') {
    // /etc/resolv.conf often links into /run (systemd-resolved), which is hidden: show that one file.
    const resolv = await fs.realpath('/etc/resolv.conf').catch(() => undefined);
    if (resolv !== undefined && hiddenRoots.some((h) => isInside(h, resolv))) readOnly.push(resolv);
  }
  if (network.kind !== 'endpoints') {
    return { file: input.bwrap, args: bwrapArgs(base, shell), env: commandEnv, dispose: async () => undefined };
  }

  const runDir = await runtimeDir(request.writable[0]);
  let relays: Relays | undefined;
  try {
    const planned = planEndpoints(network.endpoints, runDir);
    relays = await startRelays(planned);
    const hosts = path.join(runDir, 'hosts');
    await fs.writeFile(hosts, hostsFile(await fs.readFile('/etc/hosts', 'utf8').catch(() => ''), planned));
    overlays.push({ source: hosts, target: '/etc/hosts' });
    // The forwarder runs on the runner's own executable: Electron inside VS Code, hence ELECTRON_RUN_AS_NODE.
    const forwarderEnv: Record<string, string> = { ...commandEnv, ELECTRON_RUN_AS_NODE: '1' };
    delete forwarderEnv['NODE_OPTIONS'];
    if (commandEnv['NODE_OPTIONS'] !== undefined) forwarderEnv[SAVED_NODE_OPTIONS] = commandEnv['NODE_OPTIONS'];
    const specs = planned.map(({ addresses, port, socket }) => ({ addresses, port, socket }));
    const plan: MountPlan = {
      ...base,
      writable: writable.some((w) => isInside(w, runDir)) ? writable : [...writable, runDir],
      bindLowPorts: planned.some((e) => e.port < 1024),
    };
    const opened = relays;
    return {
      file: input.bwrap,
      args: bwrapArgs(plan, forwarderArgv(process.execPath, specs, shell)),
      env: forwarderEnv,
      dispose: async () => {
        await opened.close();
        await fs.rm(runDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await relays?.close();
    await fs.rm(runDir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * The per-run folder for relay sockets and the hosts file: in the scratch base when its paths
 * fit a unix socket address, else a scratch folder of its own under the OS temp folder (with an
 * owner file, so a killed run's folder is swept like a scratch tree).
 */
async function runtimeDir(scratchBase: string | undefined): Promise<string> {
  if (scratchBase !== undefined) {
    const dir = path.join(scratchBase, '.squad-net');
    if (Buffer.byteLength(path.join(dir, '9999.sock')) <= MAX_SOCKET_PATH) {
      await fs.rm(dir, { recursive: true, force: true });
      await fs.mkdir(dir, { mode: 0o700 });
      return dir;
    }
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `${SCRATCH_PREFIX}net-`));
  await writeOwner(dir);
  return dir;
}

/** The paths that exist, each with its real path too when that differs (a link on the way). */
async function existingWithReal(paths: readonly string[]): Promise<string[]> {
  const out = new Set<string>();
  for (const p of paths) {
    if (!path.isAbsolute(p)) continue;
    const real = await fs.realpath(p).catch(() => undefined);
    if (real === undefined) continue;
    out.add(path.resolve(p));
    out.add(real);
  }
  return [...out];
}
