/**
 * The `endpoints` network policy, planned: each allowed host:port gets an address on the
 * sandbox's own loopback where a forwarder listens, and an /etc/hosts line so the host's name
 * resolves to that address. Loopback hosts keep their address; a named host gets 127.0.0.1
 * unless another endpoint already holds that port there, then 127.0.0.2, … (all of 127/8 is
 * loopback on Linux, with no setup).
 */
import { isIP } from 'node:net';
import * as path from 'node:path';
import { SquadError } from '../../core/common/errors';
import type { NetworkEndpoint } from '../../core/testing/runner';

export interface PlannedEndpoint {
  /** The real host and port, dialled from outside the sandbox. */
  readonly host: string;
  readonly port: number;
  /** Where the forwarder listens inside the sandbox (the first one is what the name maps to). */
  readonly addresses: readonly string[];
  /** The unix socket (outside, bound into the sandbox) that reaches the real endpoint. */
  readonly socket: string;
}

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost']);

export function planEndpoints(endpoints: readonly NetworkEndpoint[], socketDir: string): PlannedEndpoint[] {
  const byHost = new Map<string, Set<number>>();
  for (const { host, port } of endpoints) {
    if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new SquadError('config/invalid', `Endpoint ${host}:${port}: the port must be 1 to 65535.`);
    const name = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
    if (name === '' || /[\s#]/.test(name)) throw new SquadError('config/invalid', `Endpoint "${host}": not a host name.`);
    const family = isIP(name);
    if (family !== 0 && !isLoopbackAddress(name)) {
      // The sandbox's network has only a loopback: a foreign address cannot be made to answer inside it.
      throw new SquadError('config/invalid', `Endpoint ${host}:${port}: name the host instead of its address (only loopback addresses can be allowed by number).`);
    }
    let ports = byHost.get(name);
    if (!ports) byHost.set(name, (ports = new Set()));
    ports.add(port);
  }
  const taken = new Set<string>();
  const addressOf = new Map<string, string>();
  // Loopback names and numbers first, so they keep their own address.
  const hosts = [...byHost.keys()].sort((a, b) => Number(isLoopback(b)) - Number(isLoopback(a)));
  for (const host of hosts) {
    const ports = [...(byHost.get(host) ?? [])];
    let address = isIP(host) !== 0 ? host : '127.0.0.1';
    if (!isLoopback(host)) {
      for (let n = 1; ports.some((p) => taken.has(`${address}:${p}`)); n++) address = `127.0.0.${n + 1}`;
    }
    for (const p of ports) taken.add(`${address}:${p}`);
    addressOf.set(host, address);
  }
  const planned: PlannedEndpoint[] = [];
  for (const host of hosts) {
    for (const port of byHost.get(host) ?? []) {
      const address = addressOf.get(host) ?? '127.0.0.1';
      // A client may resolve "localhost" to ::1 first: answer there too.
      const addresses = LOOPBACK_NAMES.has(host) ? [address, '::1'] : [address];
      planned.push({ host, port, addresses, socket: path.join(socketDir, `${planned.length}.sock`) });
    }
  }
  return planned;
}

/** The sandbox's /etc/hosts: the allowed names first (the first match wins), then the machine's own file. */
export function hostsFile(original: string, planned: readonly PlannedEndpoint[]): string {
  const lines = new Map<string, string>();
  for (const { host, addresses } of planned) {
    if (isIP(host) === 0 && !LOOPBACK_NAMES.has(host)) lines.set(host, `${addresses[0] ?? '127.0.0.1'}\t${host}`);
  }
  return `# Squad sandbox: allowed endpoints\n${[...lines.values()].join('\n')}\n\n${original}`;
}

function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || isLoopbackAddress(host);
}

function isLoopbackAddress(address: string): boolean {
  return address === '::1' || (isIP(address) === 4 && address.startsWith('127.'));
}
