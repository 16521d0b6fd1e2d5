/**
 * The sandbox's network policies, attacked from inside: the host's loopback services and unix
 * sockets, and the endpoints policy's exact reach. Every server binds 127.0.0.1 (or a unix
 * socket in the OS temp folder) and is stopped by its test.
 * Linux: needs bubblewrap (`bash scripts/sandbox/install.sh`); elsewhere the runner must refuse.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { NetworkPolicy } from '../../../src/core/testing/runner';
import { hostsFile, planEndpoints } from '../../../src/node/sandbox/endpoints';
import { assertRefused, createVictim, nonce, runIn, sandboxRequired } from '../../support/sandbox';

interface HostServer {
  readonly port: number;
  /** What each connection sent before it closed. */
  readonly received: string[];
  close(): Promise<void>;
}

/** An echo server on the host: answers `echo:<what it got>` and records it. */
async function hostServer(listen: { port: number; host: string } | { path: string }): Promise<HostServer> {
  const received: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk) => {
      received.push(chunk.toString());
      socket.end(`echo:${chunk.toString()}`);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(listen, resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    received,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The source of a node script for inside the sandbox: tries each target (`host:port` or a socket path), prints
 * `<label>=ok:<reply>` or `<label>=error:<code>`, and first proves its own loopback works by
 * connecting to a server it starts itself.
 */
function probeScript(targets: Record<string, string>): string {
  const source = `
const net = require('node:net');
const targets = ${JSON.stringify(targets)};
const attempt = (label, target) => new Promise((resolve) => {
  const [host, port] = target.split(/:(?=\\d+$)/);
  const socket = target.startsWith('/') ? net.connect({ path: target }) : net.connect({ host, port: Number(port) });
  let reply = '';
  const timer = setTimeout(() => { console.log(label + '=error:TIMEOUT'); socket.destroy(); resolve(); }, 5000);
  socket.on('connect', () => socket.write(label));
  socket.on('data', (d) => (reply += d));
  socket.on('end', () => { clearTimeout(timer); console.log(label + (reply ? '=ok:' + reply : '=error:CLOSED')); resolve(); });
  socket.on('error', (e) => { clearTimeout(timer); console.log(label + '=error:' + (e.code || e.message)); socket.destroy(); resolve(); });
});
const own = net.createServer((s) => s.on('data', (d) => s.end('own:' + d)));
own.listen(0, '127.0.0.1', async () => {
  await attempt('self', '127.0.0.1:' + own.address().port);
  own.close();
  for (const [label, target] of Object.entries(targets)) await attempt(label, target);
  const dns = require('node:dns');
  for (const name of ${JSON.stringify(Object.keys(targets).filter((k) => k.startsWith('name:')).map((k) => k.slice(5)))}) {
    await new Promise((r) => dns.lookup(name, { family: 4 }, (e, a) => { console.log('resolve:' + name + '=' + (e ? 'error:' + e.code : a)); r(); }));
  }
});
`;
  return source;
}

function results(output: string): Record<string, string> {
  return Object.fromEntries([...output.matchAll(/^([\w:.-]+)=(.*)$/gm)].map((m) => [m[1] as string, m[2] as string]));
}

async function withNetworkWorld(fn: (ctx: {
  /** Runs a node script (its source) in the sandbox. */
  readonly run: (script: string, network: NetworkPolicy) => Promise<{ output: string; exitCode: number | null }>;
  readonly tcp: HostServer;
  readonly other: HostServer;
  readonly unixPath: string;
  readonly unix: HostServer;
}) => Promise<void>): Promise<void> {
  const sandboxed = await sandboxRequired();
  const victim = await createVictim();
  const tree = await victim.stage();
  const unixPath = path.join(os.tmpdir(), `squad-sandbox-${nonce()}.sock`);
  const [tcp, other, unix] = await Promise.all([
    hostServer({ port: 0, host: '127.0.0.1' }),
    hostServer({ port: 0, host: '127.0.0.1' }),
    hostServer({ path: unixPath }),
  ]);
  try {
    if (!sandboxed) return await assertRefused(tree, 'true');
    const run = async (script: string, network: NetworkPolicy) => {
      await fs.writeFile(path.join(tree.dir, 'probe.js'), script);
      return runIn(tree, 'node probe.js', network);
    };
    await fn({ run, tcp, other, unixPath, unix });
  } finally {
    await Promise.all([tcp.close(), other.close(), unix.close()]);
    await fs.rm(unixPath, { force: true });
    await tree.dispose();
    await victim.dispose();
  }
}

test("(f) network none: the host's loopback servers and unix sockets are out of reach; the sandbox's own loopback works", async () => {
  await withNetworkWorld(async ({ run, tcp, unixPath, unix }) => {
    const result = await run(probeScript({ tcp: `127.0.0.1:${tcp.port}`, localhost: `localhost:${tcp.port}`, unix: unixPath }), { kind: 'none' });
    assert.equal(result.exitCode, 0, result.output);
    const seen = results(result.output);
    assert.equal(seen['self'], 'ok:own:self', result.output);
    assert.match(seen['tcp'] ?? '', /^error:/, result.output);
    assert.match(seen['localhost'] ?? '', /^error:/, result.output);
    assert.match(seen['unix'] ?? '', /^error:/, result.output);
    assert.deepEqual(tcp.received, [], 'the host TCP server got nothing');
    assert.deepEqual(unix.received, [], 'the host unix socket got nothing');
  });
});

test('(f) network all: the host network is reachable (the control), the OS temp folder is still private', async () => {
  await withNetworkWorld(async ({ run, tcp, unixPath, unix }) => {
    const result = await run(probeScript({ tcp: `127.0.0.1:${tcp.port}`, unix: unixPath }), { kind: 'all' });
    assert.equal(result.exitCode, 0, result.output);
    const seen = results(result.output);
    assert.equal(seen['tcp'], 'ok:echo:tcp', result.output);
    assert.deepEqual(tcp.received, ['tcp']);
    assert.match(seen['unix'] ?? '', /^error:/, result.output);
    assert.deepEqual(unix.received, []);
  });
});

test('(h) network endpoints: exactly the allowed host:port is reached, not another port, not the unix socket', async () => {
  await withNetworkWorld(async ({ run, tcp, other, unixPath, unix }) => {
    const network: NetworkPolicy = {
      kind: 'endpoints',
      endpoints: [
        { host: 'localhost', port: tcp.port },
        // A named host: mapped to the sandbox's loopback by its /etc/hosts (nothing answers it outside).
        { host: 'db.squad-sandbox.test', port: 5432 },
        // A port below 1024 must still be served inside.
        { host: 'localhost', port: 81 },
      ],
    };
    const result = await run(
      probeScript({
        allowedByName: `localhost:${tcp.port}`,
        allowedByAddress: `127.0.0.1:${tcp.port}`,
        otherPort: `127.0.0.1:${other.port}`,
        unix: unixPath,
        'name:db.squad-sandbox.test': 'db.squad-sandbox.test:5432',
        lowPort: 'localhost:81',
      }),
      network,
    );
    assert.equal(result.exitCode, 0, result.output);
    const seen = results(result.output);
    assert.equal(seen['self'], 'ok:own:self', result.output);
    assert.equal(seen['allowedByName'], 'ok:echo:allowedByName', result.output);
    assert.equal(seen['allowedByAddress'], 'ok:echo:allowedByAddress', result.output);
    assert.deepEqual([...tcp.received].sort(), ['allowedByAddress', 'allowedByName']);
    assert.match(seen['otherPort'] ?? '', /^error:ECONNREFUSED/, result.output);
    assert.deepEqual(other.received, [], 'the port that was not allowed got nothing');
    assert.match(seen['unix'] ?? '', /^error:/, result.output);
    assert.deepEqual(unix.received, []);
    assert.equal(seen['resolve:db.squad-sandbox.test'], '127.0.0.1', 'the named host resolves to the forwarder');
    // Nothing answers those outside: the connection is accepted inside, then closed.
    assert.match(seen['name:db.squad-sandbox.test'] ?? '', /^error:/, result.output);
    assert.match(seen['lowPort'] ?? '', /^error:(CLOSED|ECONNRESET)/, result.output);
    assert.doesNotMatch(result.output, /cannot listen/);
  });
});

test('endpoints planning: loopback hosts keep their address, named hosts share 127.0.0.1 until a port collides', () => {
  const planned = planEndpoints(
    [
      { host: 'db', port: 5432 },
      { host: 'localhost', port: 5432 },
      { host: 'cache', port: 6379 },
      { host: 'replica', port: 5432 },
      { host: 'DB', port: 5432 },
    ],
    '/run-dir',
  );
  const byHost = Object.fromEntries(planned.map((e) => [`${e.host}:${e.port}`, e.addresses.join(',')]));
  assert.deepEqual(byHost, {
    'localhost:5432': '127.0.0.1,::1',
    'db:5432': '127.0.0.2',
    'cache:6379': '127.0.0.1',
    'replica:5432': '127.0.0.3',
  });
  assert.equal(new Set(planned.map((e) => e.socket)).size, planned.length, 'one relay socket per endpoint');
  const hosts = hostsFile('127.0.0.1\tlocalhost\n10.0.0.9\tdb\n', planned);
  assert.ok(hosts.indexOf('127.0.0.2\tdb') < hosts.indexOf('10.0.0.9\tdb'), 'the sandbox mapping comes first');
  assert.match(hosts, /127\.0\.0\.1\tcache/);
  assert.throws(() => planEndpoints([{ host: '10.1.2.3', port: 80 }], '/d'), /name the host/);
  assert.throws(() => planEndpoints([{ host: 'db', port: 0 }], '/d'), /port/);
});
