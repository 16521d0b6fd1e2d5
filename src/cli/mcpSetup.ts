/**
 * The CLI's MCP servers: the stdio servers of the workspace's `.vscode/mcp.json` (the file VS Code
 * reads), started only once the user approved each one for the workspace with `--allow-mcp NAME`
 * (remembered, bound to what the server runs), and only when a role of the plan is granted one of
 * their tools (its agent file's `tools`, or `--agent-tools ROLE=TOOL,…`). Never without approval:
 * the CLI does not ask interactively; it says how to approve and goes on without those tools.
 *
 * MCP servers do not run in the test sandbox: like in VS Code they are the user's own programs with
 * the access they need (a token, the network). They get a minimal environment plus their own
 * entries, and their results are scrubbed of every secret Squad knows before a model sees them.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { McpServerApprovals } from '../core/mcp/approval';
import type { ExternalToolsConfig } from '../core/mcp/externalTools';
import { MCP_CONFIG_PATH, parseMcpConfig, type StdioServerDefinition } from '../core/mcp/serverConfig';
import { createSecretScrubber } from '../core/security/scrubber';
import type { Storage } from '../core/ports';
import { createMcpToolSource, type McpLaunch } from '../node/mcp/mcpToolSource';
import { serverEnvironment } from '../node/mcp/stdioServer';
import { collectTestSecrets } from '../node/secretSources';
import { version as SQUAD_VERSION } from '../../package.json';
import { ROLE_NAME, usageError } from './args';

export interface McpOptions {
  /** Servers approved on this command line (`all`: every stdio server of the file). */
  readonly allow: readonly string[];
  /** role → tool grants from `--agent-tools`. */
  readonly grants: Readonly<Record<string, readonly string[]>>;
}

export function parseMcpOptions(values: { 'allow-mcp'?: string[]; 'agent-tools'?: string[] }): McpOptions {
  const allow = (values['allow-mcp'] ?? []).flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  const grants: Record<string, string[]> = {};
  for (const entry of values['agent-tools'] ?? []) {
    const m = /^([^=]+)=(.*)$/s.exec(entry);
    const role = m?.[1]?.trim().toLowerCase() ?? '';
    const tools = (m?.[2] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (!m || !ROLE_NAME.test(role) || tools.length === 0) throw usageError(`--agent-tools takes ROLE=TOOL[,TOOL…], e.g. backend=github/*, got "${entry}".`);
    grants[role] = [...(grants[role] ?? []), ...tools];
  }
  return { allow, grants };
}

export interface McpSetup {
  readonly config?: ExternalToolsConfig;
  /** Stops the servers started for the run. */
  close(): Promise<void>;
}

export interface McpSetupInput {
  readonly root: string;
  readonly storage: Storage;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly apiKey?: string;
  readonly options: McpOptions;
  readonly say: (line: string) => void;
}

const NOTHING: McpSetup = { close: async () => undefined };

export async function prepareMcp(input: McpSetupInput): Promise<McpSetup> {
  const text = await fs.readFile(path.join(input.root, MCP_CONFIG_PATH), 'utf8').catch(() => undefined);
  if (text === undefined) {
    if (input.options.allow.length > 0) input.say(`--allow-mcp: this workspace has no ${MCP_CONFIG_PATH}; no MCP server to start.`);
    return NOTHING;
  }
  const parsed = parseMcpConfig(text, { workspaceFolder: input.root, userHome: os.homedir(), env: input.env, pathSeparator: path.sep });
  parsed.problems.forEach((p) => input.say(`squad: warning: ${p}`));
  const stdio = parsed.servers.filter((s): s is StdioServerDefinition => s.kind === 'stdio');
  const unknown = input.options.allow.filter((a) => a !== 'all' && !parsed.servers.some((s) => s.name === a));
  if (unknown.length > 0) throw usageError(`--allow-mcp: ${MCP_CONFIG_PATH} has no server named ${unknown.map((u) => `"${u}"`).join(', ')} (it has: ${parsed.servers.map((s) => s.name).join(', ') || 'none'}).`);

  const approvals = new McpServerApprovals(input.storage);
  const notes: string[] = [];
  const launches: McpLaunch[] = [];
  for (const def of stdio) {
    if (input.options.allow.includes('all') || input.options.allow.includes(def.name)) await approvals.approve(input.root, def);
    const status = await approvals.status(input.root, def);
    if (status !== 'approved') {
      const why = status === 'changed' ? 'changed since you approved it' : 'not approved for this workspace';
      notes.push(`MCP server "${def.name}" (${[def.command, ...def.args].join(' ')}) is ${why}; it was not started. Run again with --allow-mcp ${def.name} to allow it (remembered for this workspace until its definition changes).`);
      continue;
    }
    try {
      launches.push({ def, env: await serverEnvironment(def, input.env) });
    } catch (err) {
      notes.push(`MCP server "${def.name}" was not started: ${err instanceof Error ? err.message : String(err)}.`);
    }
  }
  for (const s of parsed.servers) if (s.kind === 'unsupported') notes.push(`MCP server "${s.name}" is not supported by the CLI: ${s.why}.`);
  if (stdio.length === 0 && notes.length === 0) return NOTHING;

  // The servers' own secrets (a token in env or envFile) are scrubbed from results like the user's.
  const secrets = await Promise.all([
    collectTestSecrets({ root: input.root, env: input.env, keys: [input.apiKey] }),
    ...launches.map((l) => collectTestSecrets({ root: input.root, env: l.env })),
  ]);
  const scrubber = createSecretScrubber(secrets.flatMap((s) => s.values));
  const inner = createMcpToolSource(launches, { say: input.say, clientVersion: SQUAD_VERSION });
  let told = false;
  return {
    config: {
      source: {
        // Said only when a role is granted external tools: otherwise the servers do not matter to this run.
        list(signal) {
          if (!told) notes.forEach(input.say);
          told = true;
          return inner.list(signal);
        },
        call: (name, args, signal) => inner.call(name, args, signal),
      },
      grants: input.options.grants,
      scrub: scrubber.scrub,
      warn: (text) => input.say(`squad: warning: ${text}`),
    },
    close: () => inner.close(),
  };
}
