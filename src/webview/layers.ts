/**
 * The plan drawn as layers: a task's layer is one more than its deepest dependency, so every
 * arrow points up and a 200-task plan reads as a handful of steps. Pure.
 */
export function layersOf(order: readonly string[], dependsOn: (id: string) => readonly string[] | undefined): string[][] {
  const depth = new Map<string, number>();
  const known = new Set(order);
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const memo = depth.get(id);
    if (memo !== undefined) return memo;
    // The core refuses cycles; a cycle here would be a bug, and it must not hang the view.
    if (visiting.has(id)) return 0;
    visiting.add(id);
    let d = 0;
    for (const dep of dependsOn(id) ?? []) if (known.has(dep)) d = Math.max(d, depthOf(dep) + 1);
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  const layers: string[][] = [];
  for (const id of order) (layers[depthOf(id)] ??= []).push(id);
  return layers.filter((l) => l !== undefined);
}
