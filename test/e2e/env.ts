/**
 * Where the real-VS-Code test tools live on this machine: code-server and Node 24 in the cache
 * folder that scripts/e2e/install.sh fills, and Debian's chromium. Shared by the e2e harness
 * and the offline extension-host runner (test/vscode).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const CODE_SERVER_VERSION = process.env.SQUAD_CODE_SERVER_VERSION ?? '4.139.1';
export const CACHE_DIR = process.env.SQUAD_CACHE ?? path.join(os.homedir(), '.cache', 'squad');
export const CODE_SERVER_DIR = path.join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server');
/** code-server's own CLI (wraps the VS Code server: auth, settings on disk, extension install). */
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
/** The plain VS Code server inside code-server: accepts --extensionDevelopmentPath with the smoke-test driver. */
export const VSCODE_SERVER_MAIN = path.join(CODE_SERVER_DIR, 'lib', 'vscode', 'out', 'server-main.js');
export const CHROMIUM = process.env.SQUAD_CHROMIUM ?? '/usr/bin/chromium';
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results', 'e2e');

/** Flags that keep a headless chromium off the network and quiet. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function codeServerInstalled(): boolean {
  return existsSync(CODE_SERVER_ENTRY) && existsSync(CHROMIUM);
}

/** Throws with the fix when the tools are missing, so a test fails with an instruction, not a stack. */
export function requireCodeServer(): void {
  if (!codeServerInstalled()) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} or chromium missing (looked for ${CODE_SERVER_ENTRY} and ${CHROMIUM}); run: bash scripts/e2e/install.sh`);
  }
}

let nodeBinary: string | undefined;
/** Node 24: code-server's native modules are built for its ABI. The current Node if it is 24, else scripts/ensure-node.sh's. */
export function node24(): string {
  if (nodeBinary) return nodeBinary;
  if (process.versions.node.startsWith('24.')) return (nodeBinary = process.execPath);
  const bin = execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'ensure-node.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  return (nodeBinary = path.join(bin, 'node'));
}

/**
 * The environment for code-server: it writes ~/.config/code-server and ~/.local/share/code-server
 * even for --version, so XDG folders point into the session's scratch folder.
 */
export function codeServerEnv(scratch: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(scratch, 'xdg-config'),
    XDG_DATA_HOME: path.join(scratch, 'xdg-data'),
    XDG_CACHE_HOME: path.join(scratch, 'xdg-cache'),
    PATH: `${path.dirname(node24())}${path.delimiter}${process.env.PATH ?? ''}`,
  };
  // The test runner's own hooks must not leak into code-server's Node.
  delete env.NODE_OPTIONS;
  delete env.NODE_TEST_CONTEXT;
  return env;
}
