import type { Plan } from '../plan/schema';

/** Every task's transitive dependencies (iterative: deep chains must not overflow the stack). */
export function ancestorsOf(plan: Plan): Map<string, Set<string>> {
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const result = new Map<string, Set<string>>();
  for (const task of plan.tasks) {
    const seen = new Set<string>();
    const stack = [...task.dependsOn];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(byId.get(id)?.dependsOn ?? []));
    }
    result.set(task.id, seen);
  }
  return result;
}
