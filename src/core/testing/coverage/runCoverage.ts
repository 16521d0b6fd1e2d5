/**
 * The coverage of a whole test run, per process, with which test files each process ran and
 * whether one of them failed. What a failing test executed is the union of the processes that
 * ran its file; lines that only failing processes executed are the most suspicious (a changed
 * line that passing tests run too is less likely the cause).
 */
import type { ExecutedLines, ProcessCoverage } from './types';

export interface ProcessRun extends ProcessCoverage {
  /** Test files this process executed. */
  readonly testFiles: ReadonlySet<string>;
  /** One of its test files had a failing test. */
  readonly failing: boolean;
  /**
   * The files its coverage could see run, when not all: a Go test binary measures only its own
   * package (in a module of several). Absent: every workspace file it loaded (V8, coverage.py).
   */
  readonly measured?: ReadonlySet<string>;
}

export class RunCoverage {
  constructor(readonly processes: readonly ProcessRun[]) {}

  /** Whether coverage was collected at all (an empty run says nothing). */
  get known(): boolean {
    return this.processes.length > 0;
  }

  /**
   * What the processes that ran `testFile` executed; undefined when no process ran it (coverage
   * says nothing). Also undefined when one of them saw only some files (a Go package among
   * others), unless `partial`: a file missing from such a map may have run unseen — ask
   * `measures` before reading its absence as "not run".
   */
  executedBy(testFile: string | undefined, options: { readonly partial?: boolean } = {}): ReadonlyMap<string, ExecutedLines> | undefined {
    const runs = testFile === undefined ? [] : this.processes.filter((p) => p.testFiles.has(testFile));
    if (runs.length === 0 || (!options.partial && runs.some((p) => p.measured !== undefined))) return undefined;
    return union(runs);
  }

  /**
   * Whether the processes that ran `testFile` would have seen `file` run: when not (Go: another
   * package), its absence from `executedBy` says nothing, and imports are the better evidence.
   */
  measures(testFile: string | undefined, file: string): boolean {
    const runs = testFile === undefined ? [] : this.processes.filter((p) => p.testFiles.has(testFile));
    return runs.some((p) => p.measured === undefined || p.measured.has(file));
  }

  /**
   * What passing processes executed: a line they ran is weaker evidence against it. Only
   * processes that see every file count: a passing Go package never measured the failing one's
   * files, and a line it did not see run is no contrast.
   */
  executedByPassing(): ReadonlyMap<string, ExecutedLines> {
    return union(this.processes.filter((p) => !p.failing && p.testFiles.size > 0 && p.measured === undefined));
  }

  /** Whether some process ran only one test file: then a file's coverage is its own, not shared. */
  get isolated(): boolean {
    return this.processes.some((p) => p.testFiles.size === 1);
  }
}

function union(runs: readonly ProcessCoverage[]): Map<string, ExecutedLines> {
  const out = new Map<string, ExecutedLines>();
  for (const run of runs) {
    for (const [file, lines] of run.executed) {
      const have = out.get(file);
      if (have === undefined) out.set(file, lines);
      else if (have === 'file' || lines === 'file') out.set(file, 'file');
      else out.set(file, new Set([...have, ...lines]));
    }
  }
  return out;
}
