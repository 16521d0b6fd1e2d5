/**
 * The roles a run of this workspace may use. The workspace's agent files change what the agents
 * are told and may use; like the test command, they count only in a trusted workspace (VS Code's
 * Restricted Mode leaves them out). A broken agent file is skipped, never fatal.
 */
import { loadRoster } from '../../core/agents/roles/roster';
import { BUILT_IN_SOURCE, plainRoster, type RoleSpec } from '../../core/agents/roles/spec';
import { DEFAULT_ROLES } from '../../core/plan/schema';
import { createFsWorkspace } from '../../node/fsWorkspace';

export async function trustedRoster(root: string, trusted: boolean): Promise<{ roster: readonly RoleSpec[]; warnings: readonly string[] }> {
  const loaded = await loadRoster(createFsWorkspace(root));
  if (trusted) return loaded;
  const files = loaded.roster.filter((r) => r.source !== BUILT_IN_SOURCE).map((r) => r.source);
  return { roster: plainRoster(DEFAULT_ROLES), warnings: files.length === 0 ? [] : [`${files.join(', ')}: not used, because this workspace is not trusted`] };
}

/** One line naming the agent files that were not used; undefined when all were. */
export function skippedAgentFilesLine(warnings: readonly string[]): string | undefined {
  if (warnings.length === 0) return undefined;
  return warnings.length === 1 ? `Agent file ${warnings[0]}` : `${warnings.length} agent files were not used: ${warnings.join(' · ')}`;
}
