/** Path comparisons for sandbox mounts (absolute, normalised POSIX paths). */
import * as path from 'node:path';

/** Whether `child` is `parent` or lies below it. */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
