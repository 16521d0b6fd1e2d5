/**
 * What a test run executed, per process: the evidence that says which changed lines a failing
 * test really ran, instead of guessing from imports. Paths are workspace-relative POSIX paths.
 */

/** Executed 1-based lines, or 'file' when the file ran but its lines cannot be mapped (the runner transformed it). */
export type ExecutedLines = ReadonlySet<number> | 'file';

export interface ProcessCoverage {
  /** Every workspace file the process executed. */
  readonly executed: ReadonlyMap<string, ExecutedLines>;
}

/** Reads a file of the tree the tests ran on (to map character offsets to lines). */
export type TreeReader = (relPath: string) => Promise<string | undefined>;

export function ranLine(executed: ExecutedLines | undefined, line: number): boolean | undefined {
  if (executed === undefined) return false;
  if (executed === 'file') return undefined;
  return executed.has(line);
}
