/**
 * How tests run on this machine, for any front end: the sandboxed process runner, staging in a
 * scratch tree, an environment and output cleaned of every secret Squad can know of (the keys in
 * use, the environment's secrets, the workspace's .env values), and the network policy.
 */
import type { TestEnvironment } from '../core/testing/setup';
import { DEFAULT_MAX_OUTPUT_BYTES } from '../core/testing/execution';
import type { NetworkPolicy } from '../core/testing/runner';
import { SUMMARY_NOISE_GLOBS } from '../core/workspace/summary';
import { createFsWorkspace } from './fsWorkspace';
import { createProcessRunner } from './processRunner';
import { scrubEnv } from './scrubEnv';
import { collectTestSecrets } from './secretSources';
import { createStager } from './staging';

export interface NodeTestEnvironmentOptions {
  readonly root: string;
  readonly userCommand?: string;
  readonly trusted: boolean;
  /** The environment commands start from (secrets are removed from it). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The API keys in use: never in a test's environment or output. */
  readonly apiKeys: () => Promise<readonly (string | undefined)[]>;
  readonly timeoutMs: number;
  readonly network?: NetworkPolicy;
  readonly signal?: AbortSignal;
}

export function nodeTestEnvironment(options: NodeTestEnvironmentOptions): TestEnvironment {
  const runner = createProcessRunner();
  return {
    ...(options.userCommand ? { userCommand: options.userCommand } : {}),
    trusted: options.trusted,
    sandbox: () => runner.sandboxInfo(),
    async execution(command) {
      const secrets = await collectTestSecrets({ root: options.root, env: options.env, keys: await options.apiKeys(), ...(options.signal ? { signal: options.signal } : {}) });
      return {
        stager: createStager(options.root),
        runner,
        command,
        timeoutMs: options.timeoutMs,
        maxOutputBytes: DEFAULT_MAX_OUTPUT_BYTES,
        env: scrubEnv(options.env, secrets.values),
        scrub: secrets.scrub,
        network: options.network ?? { kind: 'none' },
        workspaceAt: (dir) => createFsWorkspace(dir, { ignoreGlobs: SUMMARY_NOISE_GLOBS }),
      };
    },
  };
}

/** `--allow-net` / `squad.testNetwork`: "all", or host:port endpoints ("localhost:5432,db.internal:5432"). */
export function parseNetworkPolicy(spec: readonly string[] | string | undefined): NetworkPolicy | { error: string } {
  const list: readonly string[] = typeof spec === 'string' ? spec.split(',') : (spec ?? []);
  const items = list.map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) return { kind: 'none' };
  if (items.length === 1 && (items[0] === 'all' || items[0] === '*')) return { kind: 'all' };
  const endpoints = [];
  for (const item of items) {
    const m = /^(\[[0-9a-f:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/i.exec(item);
    const port = m ? Number(m[2]) : NaN;
    if (!m || port < 1 || port > 65535) return { error: `"${item}" is not host:port (e.g. localhost:5432), and not "all"` };
    const host = m[1]!.replace(/^\[|\]$/g, '');
    // Inside the sandbox a name is mapped to a loopback relay; an address other than loopback cannot be.
    const literal = /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(':');
    if (literal && !/^127\./.test(host) && host !== '::1') return { error: `"${item}": give the service by name (add it to /etc/hosts if it has none) or a loopback address; tests reach allowed services through the sandbox's loopback` };
    endpoints.push({ host, port });
  }
  return { kind: 'endpoints', endpoints };
}
