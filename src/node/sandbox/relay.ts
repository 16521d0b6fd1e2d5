/**
 * The outside half of the `endpoints` policy: for each allowed host:port a unix socket (in a
 * folder bound into the sandbox) whose every connection is piped to the real host:port. A unix
 * socket is reached by its path, not through a network namespace, so it is the one door from the
 * sandbox's own network to the host's — and it opens onto that endpoint only.
 */
import * as net from 'node:net';
import type { PlannedEndpoint } from './endpoints';

export interface Relays {
  /** Stops listening and cuts every open connection. */
  close(): Promise<void>;
}

export async function startRelays(endpoints: readonly PlannedEndpoint[]): Promise<Relays> {
  const servers: net.Server[] = [];
  const open = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  };
  const close = async () => {
    for (const socket of open) socket.destroy();
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  };
  try {
    for (const endpoint of endpoints) {
      // Half-open allowed: a client that finishes sending still gets the whole answer.
      const server = net.createServer({ allowHalfOpen: true }, (inside) => {
        const outside = net.connect({ host: endpoint.host, port: endpoint.port, allowHalfOpen: true });
        track(inside);
        track(outside);
        inside.pipe(outside);
        outside.pipe(inside);
        // Either side failing ends both: the client inside sees a reset, as with a real refusal.
        inside.on('error', () => outside.destroy());
        outside.on('error', () => inside.destroy());
        inside.on('close', () => outside.destroy());
        outside.on('close', () => inside.destroy());
      });
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(endpoint.socket, () => {
          server.off('error', reject);
          resolve();
        });
      });
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { close };
}
