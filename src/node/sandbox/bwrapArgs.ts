/**
 * The bubblewrap argument list for one command, from a mount plan. Order matters, since later
 * mounts cover earlier ones:
 *   1. the whole machine read-only, a fresh /dev and /proc (this PID namespace's processes only),
 *      a private /tmp;
 *   2. hidden folders covered by empty ones;
 *   3. the private home at the home path, then what is shown read-only (toolchains, dependencies,
 *      single files such as /etc/hosts) with the secrets inside it covered again, then the writable
 *      folders last, so nothing covers them;
 *   4. the empty folders made read-only (they stay writable until then so mount points can be
 *      made inside them);
 *   5. namespaces: own PIDs, IPC, hostname, cgroup view and (unless the host network is allowed)
 *      network; no capabilities (bwrap started by root would otherwise keep them); killed with its
 *      parent; a new session, so nothing can push keystrokes into the caller's terminal.
 */

export interface MountPlan {
  /** Replaced by empty, read-only folders. Must exist; none inside another or inside /tmp. */
  readonly hide: readonly string[];
  /** A folder mounted writable at the home path. */
  readonly home?: { readonly source: string; readonly target: string };
  /** Shown again read-only at the same path (folders or files). */
  readonly readOnly: readonly string[];
  /** Inside what is shown read-only, secrets covered again: files by an empty file, folders by an empty folder. */
  readonly masks: { readonly files: readonly string[]; readonly dirs: readonly string[] };
  /** Files or folders shown read-only at another path (the sandbox's /etc/hosts). */
  readonly overlays: readonly { readonly source: string; readonly target: string }[];
  /** Writable at the same path. */
  readonly writable: readonly string[];
  readonly cwd: string;
  /** false: the sandbox has only its own loopback. */
  readonly hostNetwork: boolean;
  /**
   * Lets a forwarder listen on ports below 1024 in the sandbox's own network. The command then
   * runs as uid 0 of its own user namespace (still the user outside, with no capability but this
   * one): for any other uid bwrap adds a nested user namespace, whose capabilities do not reach
   * the network namespace.
   */
  readonly bindLowPorts: boolean;
}

export function bwrapArgs(plan: MountPlan, command: readonly string[]): string[] {
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp'];
  for (const dir of plan.hide) args.push('--tmpfs', dir);
  if (plan.home) args.push('--bind', plan.home.source, plan.home.target);
  for (const p of plan.readOnly) args.push('--ro-bind', p, p);
  for (const file of plan.masks.files) args.push('--ro-bind', '/dev/null', file);
  for (const dir of plan.masks.dirs) args.push('--tmpfs', dir, '--remount-ro', dir);
  for (const { source, target } of plan.overlays) args.push('--ro-bind', source, target);
  for (const p of plan.writable) args.push('--bind', p, p);
  // An empty folder that something else now covers exactly is left alone: remounting would hit the cover.
  const covered = new Set([plan.home?.target, ...plan.readOnly, ...plan.writable]);
  for (const dir of plan.hide) if (!covered.has(dir)) args.push('--remount-ro', dir);
  args.push('--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try');
  if (!plan.hostNetwork) args.push('--unshare-net');
  args.push('--cap-drop', 'ALL');
  if (plan.bindLowPorts) args.push('--unshare-user', '--uid', '0', '--gid', '0', '--cap-add', 'CAP_NET_BIND_SERVICE');
  args.push('--die-with-parent', '--new-session', '--chdir', plan.cwd, '--', ...command);
  return args;
}
