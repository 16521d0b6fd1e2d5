/**
 * One test run on the workspace plus a set of proposed files: stage them in a scratch tree, run
 * the approved command there, read its output (and its structured report file), parse, and
 * attribute each failure while the scratch tree still exists.
 */
import type { Workspace } from '../ports';
import { attributeFailures, type ChangedFile, type FailureAttribution } from './attribute';
import { parseTestOutputs } from './parsers';
import type { CommandResult, ProcessRunner } from './runner';
import type { StagedFile, Stager } from './staging';
import type { TestFormat, TestReport } from './types';

export interface TestCommand {
  /** The exact command line the user approved. */
  readonly command: string;
  /** A report file the command writes (relative to the tree), read in addition to its output. */
  readonly reportFile?: string;
  readonly format?: TestFormat;
}

export interface TestExecution {
  readonly stager: Stager;
  readonly runner: ProcessRunner;
  readonly command: TestCommand;
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A Workspace over a scratch tree, so attribution sees the files the tests saw. */
  readonly workspaceAt: (dir: string) => Workspace;
}

export interface TestRunResult {
  readonly report: TestReport;
  readonly result: CommandResult;
  readonly attributions: readonly FailureAttribution[];
  /** Where the tests ran (removed by now): traces that name it are rewritten relative to the workspace. */
  readonly stagedDir: string;
}

export interface AttributionInput {
  readonly changedFiles: ReadonlyMap<string, ChangedFile>;
  readonly testFileOwners: ReadonlyMap<string, string>;
}

export const DEFAULT_TEST_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 2 * 1024 * 1024;
const REPORT_FILE_FACTOR = 8;

export async function runTestsOn(
  files: readonly StagedFile[],
  execution: TestExecution,
  attribution: AttributionInput,
  signal: AbortSignal,
): Promise<TestRunResult> {
  const tree = await execution.stager.stage(files, signal);
  try {
    const result = await execution.runner.run(execution.command.command, {
      cwd: tree.dir,
      env: execution.env,
      timeoutMs: execution.timeoutMs,
      maxOutputBytes: execution.maxOutputBytes,
      signal,
    });
    const texts = [result.output];
    if (execution.command.reportFile) {
      // A report far larger than the captured output (megabytes of failure text) is not read: the capped output stands in.
      const report = await tree.readFile(execution.command.reportFile, REPORT_FILE_FACTOR * execution.maxOutputBytes);
      if (report !== undefined) texts.push(report);
    }
    const parsed = parseTestOutputs(texts);
    const report: TestReport = { ...parsed, ...(result.exitCode === null ? {} : { exitCode: result.exitCode }) };
    const attributions = report.failures.length === 0 ? [] : await attributeFailures(report, { workspace: execution.workspaceAt(tree.dir), ...attribution });
    return { report, result, attributions, stagedDir: tree.dir };
  } finally {
    await tree.dispose();
  }
}

/** Whether a run counts as green: it exited 0 and no test failed. */
export function testsPassed(run: TestRunResult): boolean {
  return run.result.exitCode === 0 && run.report.failed === 0 && !run.result.timedOut;
}
