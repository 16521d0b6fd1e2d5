/**
 * The CLI's external tools: the approved stdio servers of `.vscode/mcp.json`, started on the first
 * listing (only when a role of the plan is granted an external tool) and stopped by `close`. A
 * server that fails to start is said and left out; the run goes on without its tools.
 */
import type { ExternalToolInfo, ExternalToolReply, ExternalToolSource } from '../../core/mcp/externalTools';
import { mcpResultText } from '../../core/mcp/resultText';
import type { StdioServerDefinition } from '../../core/mcp/serverConfig';
import { mcpToolName, uniqueNames } from '../../core/mcp/toolNames';
import { type McpServerConnection, startStdioServer } from './stdioServer';

export interface McpLaunch {
  readonly def: StdioServerDefinition;
  /** The whole environment it starts with (serverEnvironment). */
  readonly env: Record<string, string>;
}

export interface McpToolSource extends ExternalToolSource {
  /** Stops every server started; safe to call more than once. */
  close(): Promise<void>;
}

export function createMcpToolSource(launches: readonly McpLaunch[], options: { readonly say: (line: string) => void; readonly clientVersion: string }): McpToolSource {
  const started: McpServerConnection[] = [];
  const routes = new Map<string, { readonly server: McpServerConnection; readonly tool: string }>();
  let listing: Promise<ExternalToolInfo[]> | undefined;
  let closed = false;

  const startAll = async (signal: AbortSignal): Promise<ExternalToolInfo[]> => {
    const results = await Promise.allSettled(launches.map((l) => startStdioServer(l.def, l.env, options.clientVersion, signal)));
    const connections: McpServerConnection[] = [];
    results.forEach((r, i) => {
      const name = launches[i]?.def.name ?? '?';
      if (r.status === 'fulfilled') connections.push(r.value);
      else if (!signal.aborted) options.say(`MCP server "${name}" did not start; its tools are not offered: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`);
    });
    started.push(...connections);
    // Closed while starting (the run ended): stop what came up.
    if (closed) await Promise.allSettled(connections.map((c) => c.close()));
    const entries = connections.flatMap((server) => server.tools.map((tool) => ({ server, tool })));
    const names = uniqueNames(entries.map((e) => mcpToolName(e.server.name, e.tool.name)));
    const infos = entries.map(({ server, tool }, i): ExternalToolInfo => {
      const name = names[i] as string;
      routes.set(name, { server, tool: tool.name });
      return { name, aliases: [`${server.name}/${tool.name}`], source: `MCP server ${server.name}`, description: tool.description ?? '', inputSchema: tool.inputSchema };
    });
    for (const server of connections) options.say(`MCP server "${server.name}" started: ${server.tools.length} tool(s)${server.tools.length > 0 ? ` (${server.tools.map((t) => t.name).join(', ')})` : ''}`);
    return infos;
  };

  return {
    list(signal) {
      listing ??= startAll(signal);
      return listing;
    },
    async call(name, input, signal): Promise<ExternalToolReply> {
      const route = routes.get(name);
      if (!route) return { text: `No external tool is named ${name}.`, isError: true };
      return mcpResultText(await route.server.callTool(route.tool, input, signal));
    },
    async close() {
      closed = true;
      const all = started.splice(0);
      await Promise.allSettled(all.map((c) => c.close()));
    },
  };
}
