/**
 * The squad's roster for a run: the built-in roles (or the user's `--roles` / settings list), each
 * replaced by an agent file of the same name, plus the roles the workspace's agent files add.
 * Files are read from `.squad/agents/` first, then `.github/agents/` (VS Code's and GitHub's
 * folder); a name defined in both is taken from `.squad/agents/`. A file that cannot be used is
 * reported and skipped: a broken file never stops a run.
 */
import type { Workspace } from '../../ports';
import { ROLE_DESCRIPTIONS } from '../../plan/plannerPrompt';
import { DEFAULT_ROLES } from '../../plan/schema';
import { AGENT_FILE_SUFFIX, parseAgentFile } from './agentFile';
import { plainRoster, type RoleSpec } from './spec';

export const AGENT_DIRS = ['.squad/agents', '.github/agents'] as const;
/** An agent file larger than this is not instructions; refused before it is read. */
const MAX_AGENT_FILE_BYTES = 256 * 1024;

export interface RosterOptions {
  /** The user's own list of roles (`--roles`, a setting); absent: the built-in roles plus the files'. */
  readonly roles?: readonly string[];
  /** Where `roles` came from, recorded as the source of a role no file or built-in defines. */
  readonly rolesSource?: string;
}

export interface LoadedRoster {
  readonly roster: readonly RoleSpec[];
  /** One sentence per file that was skipped, naming it and why. */
  readonly warnings: readonly string[];
}

export async function loadRoster(workspace: Workspace, options: RosterOptions = {}): Promise<LoadedRoster> {
  const warnings: string[] = [];
  const fromFiles = new Map<string, RoleSpec>();
  for (const dir of AGENT_DIRS) {
    const names = await workspace.listDirectory(dir).catch(() => []);
    for (const name of names.filter((n) => n.endsWith(AGENT_FILE_SUFFIX))) {
      const path = `${dir}/${name}`;
      const text = await readAgentFile(workspace, path);
      if (typeof text !== 'string') {
        warnings.push(`${path}: ${text.problem}`);
        continue;
      }
      const result = parseAgentFile(path, text);
      if (result.kind === 'invalid') warnings.push(`${result.problem}; the file is skipped`);
      else if (result.kind === 'skipped') warnings.push(result.why);
      else if (fromFiles.has(result.spec.name)) warnings.push(`${path}: skipped: role "${result.spec.name}" is already defined by ${fromFiles.get(result.spec.name)!.source}`);
      else fromFiles.set(result.spec.name, result.spec);
    }
  }
  const builtIn = (name: string): RoleSpec => plainRoster([name], options.rolesSource)[0]!;
  if (options.roles !== undefined) {
    const listed = new Set(options.roles);
    for (const spec of fromFiles.values()) {
      if (!listed.has(spec.name)) warnings.push(`${spec.source}: role "${spec.name}" is not in the squad's roles (${options.roles.join(', ')}); add it to ${options.rolesSource ?? 'them'} to use it`);
    }
    return { roster: options.roles.map((name) => fromFiles.get(name) ?? builtIn(name)), warnings };
  }
  const roster = DEFAULT_ROLES.map((name) => fromFiles.get(name) ?? builtIn(name));
  for (const spec of fromFiles.values()) if (!(DEFAULT_ROLES as readonly string[]).includes(spec.name)) roster.push(spec);
  return { roster, warnings };
}

async function readAgentFile(workspace: Workspace, path: string): Promise<string | { problem: string }> {
  const stat = await workspace.stat(path);
  // A link is followed only inside the workspace: an agent file must not read the user's home.
  if (stat?.type === 'symlink' && (await workspace.realPath(path)) === undefined) return { problem: 'skipped: it links outside the workspace' };
  if (stat !== undefined && stat.type !== 'symlink' && stat.type !== 'file') return { problem: 'skipped: not a file' };
  if (stat !== undefined && stat.size > MAX_AGENT_FILE_BYTES) return { problem: `skipped: ${stat.size} bytes is too large for an agent file` };
  try {
    const bytes = await workspace.readFile(path);
    if (bytes.byteLength > MAX_AGENT_FILE_BYTES) return { problem: `skipped: ${bytes.byteLength} bytes is too large for an agent file` };
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    if (err instanceof TypeError) return { problem: 'skipped: it is not UTF-8 text' };
    return { problem: `skipped: it could not be read (${err instanceof Error ? err.message : String(err)})` };
  }
}

/** The model each role's file asks for, for the router's layer below the user's per-role choices. */
export function fileModels(roster: readonly RoleSpec[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of roster) if (spec.model !== undefined) out[spec.name] = spec.model;
  return out;
}

/** What the planner is told about each role that its file describes: the description and the globs it owns. */
export function rosterDescriptions(roster: readonly RoleSpec[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of roster) {
    if (spec.description === undefined && spec.owns === undefined) continue;
    const owns = spec.owns !== undefined && spec.owns.length > 0 ? ` (owns ${spec.owns.join(', ')})` : '';
    out[spec.name] = `${spec.description ?? ROLE_DESCRIPTIONS[spec.name] ?? `${spec.name} work`}${owns}`;
  }
  return out;
}
