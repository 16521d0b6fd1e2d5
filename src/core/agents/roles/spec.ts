/**
 * A role of one run's roster as data: journaled on `run.started`, so a resumed run sees the same
 * roster (prompt, tools, owned globs, where each role came from) even if the files changed since.
 */
import { z } from 'zod';
import { DEFAULT_ROLES } from '../../plan/schema';

export const RoleSpecSchema = z.object({
  name: z.string().min(1),
  /** 'built-in', '--roles', 'settings', or the workspace path of the agent file. */
  source: z.string().min(1),
  description: z.string().optional(),
  /** The agent file's body; absent: the built-in role's prompt (or the generic one). */
  prompt: z.string().optional(),
  model: z.string().optional(),
  /** The agent file's tools as written; absent: the role's default tools. */
  tools: z.array(z.string()).optional(),
  owns: z.array(z.string()).optional(),
});
export type RoleSpec = z.infer<typeof RoleSpecSchema>;

export const BUILT_IN_SOURCE = 'built-in';

/** A roster of only named roles (an older journal, a front end with no files): built-in where known. */
export function plainRoster(roles: readonly string[], source = 'settings'): RoleSpec[] {
  return roles.map((name) => ({ name, source: (DEFAULT_ROLES as readonly string[]).includes(name) ? BUILT_IN_SOURCE : source }));
}
