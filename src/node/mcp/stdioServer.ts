/**
 * One MCP server over stdio, through the official SDK's client: started, listed, called, stopped.
 * The SDK starts the process (without a shell) with only the environment given here: a minimal one
 * (PATH, HOME, …) plus the server's envFile and env entries, never the whole of Squad's environment.
 * Its stderr is kept (the last few KB) to explain a server that fails to start.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { DEFAULT_INHERITED_ENV_VARS, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { promises as fs } from 'node:fs';
import { parseDotenv } from '../../core/security/dotenv';
import type { StdioServerDefinition } from '../../core/mcp/serverConfig';

export const MCP_CONNECT_TIMEOUT_MS = 30_000;
export const MCP_CALL_TIMEOUT_MS = 120_000;
const STDERR_TAIL_CHARS = 2_000;

type Env = Readonly<Record<string, string | undefined>>;

export interface McpToolListing {
  readonly name: string;
  readonly description?: string;
  readonly inputSchema: Record<string, unknown>;
}

export interface McpServerConnection {
  readonly name: string;
  readonly tools: readonly McpToolListing[];
  callTool(tool: string, input: Readonly<Record<string, unknown>>, signal: AbortSignal): Promise<{ content?: unknown; structuredContent?: unknown; isError?: unknown }>;
  close(): Promise<void>;
}

/** The environment the server starts with: minimal inherited variables, then its envFile, then its env. */
export async function serverEnvironment(def: StdioServerDefinition, env: Env): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const key of DEFAULT_INHERITED_ENV_VARS) {
    const value = env[key];
    if (value !== undefined && !value.startsWith('()')) out[key] = value;
  }
  if (def.envFile !== undefined) {
    const text = await fs.readFile(def.envFile, 'utf8').catch((err: unknown) => {
      throw new Error(`its envFile ${def.envFile} cannot be read (${err instanceof Error ? err.message : String(err)})`);
    });
    for (const entry of parseDotenv(text)) out[entry.name] = entry.value;
  }
  return { ...out, ...def.env };
}

export async function startStdioServer(def: StdioServerDefinition, env: Record<string, string>, clientVersion: string, signal: AbortSignal): Promise<McpServerConnection> {
  const transport = new StdioClientTransport({ command: def.command, args: [...def.args], env, ...(def.cwd ? { cwd: def.cwd } : {}), stderr: 'pipe' });
  let stderrTail = '';
  transport.stderr?.on('data', (chunk: Buffer | string) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-STDERR_TAIL_CHARS);
  });
  const client = new Client({ name: 'squad', version: clientVersion });
  try {
    await client.connect(transport, { signal, timeout: MCP_CONNECT_TIMEOUT_MS });
    const tools: McpToolListing[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor === undefined ? {} : { cursor }, { signal, timeout: MCP_CONNECT_TIMEOUT_MS });
      for (const t of page.tools) tools.push({ name: t.name, ...(t.description ? { description: t.description } : {}), inputSchema: t.inputSchema });
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return {
      name: def.name,
      tools,
      async callTool(tool, input, callSignal) {
        const result = await client.callTool({ name: tool, arguments: { ...input } }, undefined, { signal: callSignal, timeout: MCP_CALL_TIMEOUT_MS });
        // Servers of the protocol's first version answer with `toolResult` instead of content.
        return 'toolResult' in result ? { structuredContent: result.toolResult } : result;
      },
      close: () => client.close(),
    };
  } catch (err) {
    await client.close().catch(() => undefined);
    const said = stderrTail.trim();
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(said === '' ? message : `${message}\n${said}`, { cause: err });
  }
}
