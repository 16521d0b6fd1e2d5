/**
 * The extension's external tools: the tools VS Code offers language models (`vscode.lm.tools`,
 * which include the MCP servers the user configured in VS Code), called through
 * `vscode.lm.invokeTool` so VS Code's own confirmation and its MCP server management apply. Squad
 * starts nothing itself here. The `vscode` API is a parameter (type-only import), so the
 * translation is unit-tested without VS Code.
 *
 * Names: the model sees `vscode__<name>`; a role grants a tool by VS Code's name (`mcp_github_get_issue`),
 * that prefixed name, or for an `mcp_…` tool by `server/tool` (so `github/*` from an agent file works too).
 */
import type * as vscode from 'vscode';
import { cancelledError } from '../core/common/errors';
import type { ExternalToolInfo, ExternalToolReply, ExternalToolSource } from '../core/mcp/externalTools';
import { uniqueNames, vscodeToolName } from '../core/mcp/toolNames';

export type LmToolsApi = Pick<typeof vscode, 'LanguageModelTextPart' | 'LanguageModelPromptTsxPart' | 'CancellationTokenSource'> & {
  readonly lm: Pick<typeof vscode.lm, 'tools' | 'invokeTool'>;
};

export function createLmToolSource(api: LmToolsApi): ExternalToolSource {
  const byName = new Map<string, string>();
  return {
    async list() {
      const tools = api.lm.tools;
      const names = uniqueNames(tools.map((t) => vscodeToolName(t.name)));
      byName.clear();
      return tools.map((t, i): ExternalToolInfo => {
        const name = names[i] as string;
        byName.set(name, t.name);
        return {
          name,
          aliases: [t.name, ...mcpAliases(t.name)],
          source: t.name.startsWith('mcp_') ? 'an MCP server in VS Code' : 'a VS Code tool',
          description: t.description,
          inputSchema: (t.inputSchema ?? { type: 'object', properties: {} }) as Record<string, unknown>,
        };
      });
    },
    async call(name, input, signal): Promise<ExternalToolReply> {
      const vsName = byName.get(name);
      if (vsName === undefined) return { text: `No VS Code tool is named ${name}.`, isError: true };
      if (signal.aborted) throw cancelledError(signal);
      const cts = new api.CancellationTokenSource();
      const onAbort = () => cts.cancel();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        // No chat request: VS Code asks the user itself when the tool wants a confirmation.
        const result = await api.lm.invokeTool(vsName, { input: { ...input }, toolInvocationToken: undefined }, cts.token);
        return { text: toolResultText(api, result) };
      } catch (err) {
        if (signal.aborted) throw cancelledError(signal);
        throw err;
      } finally {
        signal.removeEventListener('abort', onAbort);
        cts.dispose();
      }
    },
  };
}

/** Text parts as they are; prompt-tsx parts as JSON; anything else (images, data) only named. */
export function toolResultText(api: Pick<LmToolsApi, 'LanguageModelTextPart' | 'LanguageModelPromptTsxPart'>, result: vscode.LanguageModelToolResult): string {
  const texts = result.content.map((part) => {
    if (part instanceof api.LanguageModelTextPart) return part.value;
    if (part instanceof api.LanguageModelPromptTsxPart) return JSON.stringify(part.value);
    const mime = part !== null && typeof part === 'object' && typeof (part as { mimeType?: unknown }).mimeType === 'string' ? (part as { mimeType: string }).mimeType : 'unknown type';
    return `[content (${mime}) not shown]`;
  });
  return texts.length === 0 ? '(the tool returned no content)' : texts.join('\n');
}

/**
 * VS Code names an MCP tool `mcp_<server>_<tool>`; server names may hold `_` too, so every split
 * is an alias (`mcp_my_db_query` → `my/db_query`, `my_db/query`): a grant `my_db/*` finds it.
 */
function mcpAliases(name: string): string[] {
  if (!name.startsWith('mcp_')) return [];
  const rest = name.slice(4);
  const out: string[] = [];
  for (let i = rest.indexOf('_'); i > 0; i = rest.indexOf('_', i + 1)) out.push(`${rest.slice(0, i)}/${rest.slice(i + 1)}`);
  return out;
}
