/**
 * `.vscode/mcp.json`, the file VS Code reads its workspace MCP servers from, read the way the CLI
 * uses it: one configuration serves both. JSON with comments and trailing commas, as VS Code allows.
 *
 *   { "servers": { "github": { "type": "stdio", "command": "npx", "args": ["-y", "…"],
 *                              "env": { "TOKEN": "${env:GITHUB_TOKEN}" }, "envFile": "${workspaceFolder}/.env" } },
 *     "inputs": [ … ] }
 *
 * Only stdio servers can run from the CLI; an http or sse server, or one that needs an `${input:…}`
 * (which only VS Code can prompt for), is reported as not supported, never guessed at.
 * Variables: `${workspaceFolder}`, `${workspaceFolderBasename}`, `${userHome}`, `${env:NAME}`, `${/}`.
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { z } from 'zod';

export const MCP_CONFIG_PATH = '.vscode/mcp.json';

export interface StdioServerDefinition {
  readonly kind: 'stdio';
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Values with variables resolved; the launcher adds them to a minimal environment. */
  readonly env: Readonly<Record<string, string>>;
  /** A .env-style file whose entries are added before `env` (resolved path). */
  readonly envFile?: string;
  readonly cwd?: string;
}

export interface UnsupportedServer {
  readonly kind: 'unsupported';
  readonly name: string;
  readonly why: string;
}

export type ServerDefinition = StdioServerDefinition | UnsupportedServer;

export interface ConfigVariables {
  readonly workspaceFolder: string;
  readonly userHome: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly pathSeparator: string;
}

export interface McpConfig {
  readonly servers: readonly ServerDefinition[];
  /** What made the file or an entry unreadable, for the user. */
  readonly problems: readonly string[];
}

const ServerEntry = z.looseObject({
  type: z.string().optional(),
  command: z.string().optional(),
  args: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
  env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  envFile: z.string().optional(),
  cwd: z.string().optional(),
  url: z.string().optional(),
});

export function parseMcpConfig(text: string, vars: ConfigVariables): McpConfig {
  const errors: ParseError[] = [];
  const json: unknown = parse(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    const first = errors[0] as ParseError;
    return { servers: [], problems: [`${MCP_CONFIG_PATH} is not valid JSON (${printParseErrorCode(first.error)} at offset ${first.offset}).`] };
  }
  const servers = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>)['servers'] : undefined;
  if (servers === undefined) return { servers: [], problems: [] };
  if (servers === null || typeof servers !== 'object' || Array.isArray(servers)) return { servers: [], problems: [`${MCP_CONFIG_PATH}: "servers" must be an object of named servers.`] };
  const out: ServerDefinition[] = [];
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(servers)) {
    const entry = ServerEntry.safeParse(raw);
    if (!entry.success) {
      problems.push(`${MCP_CONFIG_PATH}: server "${name}" is not a valid entry (${entry.error.issues.map((i) => `${i.path.join('.') || 'entry'}: ${i.message}`).join('; ')}).`);
      continue;
    }
    out.push(serverDefinition(name, entry.data, vars));
  }
  return { servers: out, problems };
}

function serverDefinition(name: string, e: z.infer<typeof ServerEntry>, vars: ConfigVariables): ServerDefinition {
  const type = e.type ?? (e.command !== undefined ? 'stdio' : e.url !== undefined ? 'http' : undefined);
  if (type !== 'stdio') return { kind: 'unsupported', name, why: `a ${type ?? 'typeless'} server; the CLI starts only stdio servers (VS Code runs the others for the extension)` };
  if (e.command === undefined || e.command.trim() === '') return { kind: 'unsupported', name, why: 'a stdio server without a "command"' };
  const texts = [e.command, ...(e.args ?? []).map(String), ...Object.values(e.env ?? {}).map((v) => (v === null ? '' : String(v))), e.envFile ?? '', e.cwd ?? ''];
  const input = texts.map((t) => /\$\{input:([^}]*)\}/.exec(t)?.[1]).find((id) => id !== undefined);
  if (input !== undefined) return { kind: 'unsupported', name, why: `it asks for \${input:${input}}, which only VS Code can prompt for; put the value in its "envFile" or an \${env:…} variable for the CLI` };
  const resolve = (t: string) => substitute(t, vars);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(e.env ?? {})) if (value !== null) env[key] = resolve(String(value));
  return {
    kind: 'stdio',
    name,
    command: resolve(e.command),
    args: (e.args ?? []).map((a) => resolve(String(a))),
    env,
    ...(e.envFile ? { envFile: resolve(e.envFile) } : {}),
    ...(e.cwd ? { cwd: resolve(e.cwd) } : {}),
  };
}

function substitute(text: string, vars: ConfigVariables): string {
  return text.replace(/\$\{([^}]+)\}/g, (whole, key: string) => {
    if (key === 'workspaceFolder') return vars.workspaceFolder;
    if (key === 'workspaceFolderBasename') return vars.workspaceFolder.split(/[\\/]/).filter(Boolean).pop() ?? '';
    if (key === 'userHome') return vars.userHome;
    if (key === '/' || key === 'pathSeparator') return vars.pathSeparator;
    if (key.startsWith('env:')) return vars.env[key.slice(4)] ?? '';
    return whole;
  });
}
