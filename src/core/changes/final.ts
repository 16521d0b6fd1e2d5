import type { ChangeSet } from './changeSet';

export interface FinalFile {
  readonly path: string;
  /** The workspace text the first task read (undefined: the file did not exist). */
  readonly original: string | undefined;
  /** The text after every given task's change, in order (undefined: deleted). */
  readonly content: string | undefined;
}

/**
 * What the workspace would hold after the given tasks' changes, layered in the order they
 * settled. Files whose final text equals the original are left out.
 */
export async function finalFiles(changes: ChangeSet, taskIdsInOrder: readonly string[]): Promise<FinalFile[]> {
  const firstTouch = new Map<string, string | undefined>();
  for (const id of taskIdsInOrder) {
    for (const [path, change] of changes.changes(id)) if (!firstTouch.has(path)) firstTouch.set(path, change.base);
  }
  const combined = changes.view('\u0000final', taskIdsInOrder);
  const files: FinalFile[] = [];
  for (const path of [...firstTouch.keys()].sort()) {
    const content = await combined.read(path);
    const original = firstTouch.get(path);
    if (content !== original) files.push({ path, original, content });
  }
  return files;
}
