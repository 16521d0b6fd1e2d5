/**
 * What the roster's owned globs (agent files' `owns`) decide: which roles own a file (failure
 * routing prefers them when the evidence is otherwise tied), and which tasks must not run at once
 * (two tasks whose planned files fall in one owned glob would edit the same owned files).
 */
import type { Task } from '../../plan/schema';
import { globMatcher } from '../../tools/fileAccess';
import type { RoleSpec } from './spec';

export interface OwnedAreas {
  /** True when some role owns a glob at all (nothing to check otherwise). */
  readonly any: boolean;
  /** The roles whose owned globs match the workspace path. */
  readonly rolesOwning: (path: string) => string[];
  /** Two tasks that plan to edit files of one owned glob: the scheduler runs them one after the other. */
  readonly exclusive: (a: Task, b: Task) => boolean;
}

export function ownedAreas(roster: readonly RoleSpec[]): OwnedAreas {
  const globs = roster.flatMap((spec) => (spec.owns ?? []).map((glob) => ({ role: spec.name, glob, matches: globMatcher(glob) })));
  const claims = new Map<Task, Set<number>>();
  const claimsOf = (task: Task): Set<number> => {
    let found = claims.get(task);
    if (!found) {
      found = new Set(globs.flatMap((g, i) => ((task.files ?? []).some((f) => g.matches(normalise(f))) ? [i] : [])));
      claims.set(task, found);
    }
    return found;
  };
  return {
    any: globs.length > 0,
    rolesOwning: (path) => [...new Set(globs.filter((g) => g.matches(normalise(path))).map((g) => g.role))],
    exclusive: (a, b) => {
      if (globs.length === 0 || a === b) return false;
      const other = claimsOf(b);
      for (const i of claimsOf(a)) if (other.has(i)) return true;
      return false;
    },
  };
}

function normalise(path: string): string {
  return path.trim().replace(/\\/g, '/').replace(/^\.\//, '');
}
