/**
 * The external tools of one stretch of a run, per role. The source is listed (and its servers
 * started) only when some role of the plan is granted an external tool: by default none is, and
 * then nothing outside Squad starts.
 */
import type { RoleDefinition } from '../agents/roles/role';
import { resolveToolNames } from '../agents/roles/toolNames';
import type { Tool } from '../tools/defineTool';
import { externalTool } from './adapt';
import type { ExternalToolInfo, ExternalToolsConfig } from './externalTools';
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
  for (const role of roles) {
    for (const grant of roleGrants(role, config)) {
      if (grantedTools(tools, [grant]).length === 0) config.warn?.(unmatchedGrant(role.name, grant, infos));
    }
  }
  return (role) => grantedTools(tools, roleGrants(role, config)).map((t) => t.tool);
}

/** A grant that gives the role nothing, said in words the user can act on. */
export function unmatchedGrant(role: string, grant: string, offered: readonly Pick<ExternalToolInfo, 'aliases' | 'name'>[]): string {
  const names = offered.map((t) => t.aliases[0] ?? t.name);
  const list = names.length === 0 ? 'no external tool is on offer' : `the tools on offer are ${names.slice(0, 12).join(', ')}${names.length > 12 ? `, and ${names.length - 12} more` : ''}`;
  return `The ${role} role is granted "${grant}", which matches no tool (${list}): check the name, or why its server did not start.`;
}
