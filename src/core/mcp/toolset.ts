/**
 * The external tools of one stretch of a run, per role. The source is listed (and its servers
 * started) only when some role of the plan is granted an external tool: by default none is, and
 * then nothing outside Squad starts.
 */
import type { RoleDefinition } from '../agents/roles/role';
import { resolveToolNames } from '../agents/roles/toolNames';
import type { Tool } from '../tools/defineTool';
import { externalTool } from './adapt';
import type { ExternalToolsConfig } from './externalTools';
import { grantedTools } from './grants';

export type ExternalToolsFor = (role: RoleDefinition) => readonly Tool[];

const NONE: ExternalToolsFor = () => [];

/** The grants of a role: its definition's names that are not Squad's tools, plus the user's setting for it. */
export function roleGrants(role: RoleDefinition, config: Pick<ExternalToolsConfig, 'grants'>): string[] {
  const own = role.toolNames ? resolveToolNames(role.toolNames).other : [];
  return [...own, ...(config.grants?.[role.name] ?? [])];
}

export async function prepareExternalTools(config: ExternalToolsConfig, roles: readonly RoleDefinition[], signal: AbortSignal): Promise<ExternalToolsFor> {
  if (!roles.some((r) => roleGrants(r, config).length > 0)) return NONE;
  const infos = await config.source.list(signal);
  const tools = infos.map((info) => ({ name: info.name, aliases: info.aliases, tool: externalTool(info, config.source, config.scrub) }));
  return (role) => grantedTools(tools, roleGrants(role, config)).map((t) => t.tool);
}
