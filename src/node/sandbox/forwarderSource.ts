/**
 * The inside half of the `endpoints` policy, as one script run with `node -e` as the sandbox's
 * first process (the bundles are single files, so there is no script file to point at): it
 * listens on each allowed address:port of the sandbox's loopback, pipes every connection to the
 * matching unix socket, and only once all are listening starts the command, whose exit status it
 * passes on. When the command ends the script exits, and the sandbox with everything in it.
 *
 * It runs on the runner's own executable (which in VS Code is Electron, hence
 * ELECTRON_RUN_AS_NODE), so it must not leak that variable to the command, nor run the
 * command's NODE_OPTIONS itself (a `--require ./setup.js` of the project): both are set apart
 * for it and put back for the command.
 */

/** The variable that carries the command's NODE_OPTIONS past the forwarder. */
export const SAVED_NODE_OPTIONS = 'SQUAD_SANDBOX_NODE_OPTIONS';

export interface ForwarderSpec {
  readonly addresses: readonly string[];
  readonly port: number;
  readonly socket: string;
}

/** argv for the sandbox: `<node> -e <script> <specs JSON> <command…>`. */
export function forwarderArgv(execPath: string, specs: readonly ForwarderSpec[], command: readonly string[]): string[] {
  return [execPath, '-e', FORWARDER_SOURCE, JSON.stringify(specs), ...command];
}

const FORWARDER_SOURCE = `'use strict';
const net = require('node:net');
const os = require('node:os');
const { spawn } = require('node:child_process');
const [specsJson, file, ...args] = process.argv.slice(1);
const specs = JSON.parse(specsJson);
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const saved = env.${SAVED_NODE_OPTIONS};
delete env.${SAVED_NODE_OPTIONS};
if (saved !== undefined) env.NODE_OPTIONS = saved;
const fail = (message) => { process.stderr.write('squad sandbox: ' + message + '\\n'); process.exit(125); };
const listens = [];
for (const spec of specs) {
  spec.addresses.forEach((address, i) => {
    const server = net.createServer({ allowHalfOpen: true }, (inside) => {
      const outside = net.connect({ path: spec.socket, allowHalfOpen: true });
      inside.pipe(outside);
      outside.pipe(inside);
      inside.on('error', () => outside.destroy());
      outside.on('error', () => inside.destroy());
      inside.on('close', () => outside.destroy());
      outside.on('close', () => inside.destroy());
    });
    listens.push(new Promise((resolve) => {
      server.once('error', (err) => {
        // A second address (::1 beside 127.0.0.1 for localhost) may not exist here: the first is enough.
        if (i > 0) return resolve();
        fail('cannot listen on ' + address + ':' + spec.port + ' (' + err.message + ')');
      });
      server.listen(spec.port, address, resolve);
    }));
  });
}
Promise.all(listens).then(() => {
  const child = spawn(file, args, { stdio: 'inherit', env });
  child.on('error', (err) => fail('cannot start the command: ' + err.message));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
});
`;
