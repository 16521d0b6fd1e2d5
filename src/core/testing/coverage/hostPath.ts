/**
 * Paths of the machine the tests run on, built in core (which has no `path` module): the style
 * is read off an absolute path that machine gave us (the artefacts folder).
 */

export interface HostPathStyle {
  readonly sep: '/' | '\\';
  /** The list separator of PATH-like variables (PYTHONPATH). */
  readonly delimiter: ':' | ';';
}

export function hostPathStyle(absolute: string): HostPathStyle {
  return /^[A-Za-z]:[\\/]|^\\\\/.test(absolute) ? { sep: '\\', delimiter: ';' } : { sep: '/', delimiter: ':' };
}

/** `dir` joined with POSIX-style `rel` in the host's style. */
export function joinHostPath(dir: string, rel: string): string {
  const { sep } = hostPathStyle(dir);
  return `${dir.replace(/[\\/]+$/, '')}${sep}${rel.split('/').join(sep)}`;
}
