import { backendRole } from './backend';
import { databaseRole } from './database';
import { frontendRole } from './frontend';
import { qaRole } from './qa';
import type { RoleDefinition } from './role';
import type { RoleSpec } from './spec';
import { resolveToolNames } from './toolNames';

export type { RoleDefinition } from './role';
export type { RoleSpec } from './spec';

export const BUILT_IN_ROLES: readonly RoleDefinition[] = [databaseRole, backendRole, frontendRole, qaRole];

/** The role's module, or a generic engineer for a role the user configured without one. */
export function roleDefinition(name: string, extra: readonly RoleDefinition[] = []): RoleDefinition {
  const found = [...extra, ...BUILT_IN_ROLES].find((r) => r.name === name);
  return found ?? genericRole(name);
}

/**
 * A roster entry as the agent runs it: what its file says, over the built-in role of that name
 * (an override keeps the built-in's prompt, summary or tools where the file gives none).
 */
export function roleFromSpec(spec: RoleSpec): RoleDefinition {
  const base = BUILT_IN_ROLES.find((r) => r.name === spec.name) ?? genericRole(spec.name);
  const tools = spec.tools !== undefined ? resolveToolNames(spec.tools).builtIn : base.tools;
  return {
    ...base,
    ...(spec.description !== undefined ? { summary: spec.description } : {}),
    ...(spec.prompt !== undefined ? { prompt: spec.prompt } : {}),
    ...(tools !== undefined ? { tools } : {}),
    ...(spec.tools !== undefined ? { toolNames: spec.tools } : {}),
    ...(spec.model !== undefined ? { model: spec.model } : {}),
    ...(spec.owns !== undefined ? { owns: spec.owns } : {}),
    source: spec.source,
  };
}

function genericRole(name: string): RoleDefinition {
  return {
    name,
    summary: `${name} work`,
    prompt: `You are the ${name} engineer of the squad. Do the task within your speciality and follow the project's conventions.`,
  };
}
