/**
 * Which external tools a role may use. By default none: only what the role's definition lists (the
 * `tools` of its `.squad/agents/*.agent.md`) or the user's setting grants for that role. An entry
 * names a tool as the model sees it (`mcp__github__get_issue`) or as VS Code's agent files do
 * (`github/get_issue`); a trailing `*` matches every name that starts with the rest (`github/*`), and
 * `*` alone every external tool. Names of Squad's own tools are not grants: they are the role's own.
 */
import type { ExternalToolInfo } from './externalTools';

export function grantMatches(grant: string, tool: Pick<ExternalToolInfo, 'name' | 'aliases'>): boolean {
  const names = [tool.name, ...tool.aliases];
  if (grant.endsWith('*')) {
    const prefix = grant.slice(0, -1);
    return names.some((n) => n.startsWith(prefix));
  }
  return names.includes(grant);
}

/** The tools of `tools` that any of `grants` matches, in the order given. */
export function grantedTools<T extends Pick<ExternalToolInfo, 'name' | 'aliases'>>(tools: readonly T[], grants: readonly string[]): T[] {
  if (grants.length === 0) return [];
  return tools.filter((t) => grants.some((g) => grantMatches(g, t)));
}
