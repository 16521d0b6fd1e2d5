import { backendRole } from './backend';
import { databaseRole } from './database';
import { frontendRole } from './frontend';
import { qaRole } from './qa';
import type { RoleDefinition } from './role';

export type { RoleDefinition } from './role';

export const BUILT_IN_ROLES: readonly RoleDefinition[] = [databaseRole, backendRole, frontendRole, qaRole];

/** The role's module, or a generic engineer for a role the user configured without one. */
export function roleDefinition(name: string, extra: readonly RoleDefinition[] = []): RoleDefinition {
  const found = [...extra, ...BUILT_IN_ROLES].find((r) => r.name === name);
  return (
    found ?? {
      name,
      summary: `${name} work`,
      prompt: `You are the ${name} engineer of the squad. Do the task within your speciality and follow the project's conventions.`,
    }
  );
}
