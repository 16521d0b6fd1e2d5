/**
 * One test run on the workspace plus a set of proposed files: stage them in a scratch tree, run
 * the approved command there inside the OS sandbox, scrub secrets from what it printed, parse,
 * and — while the scratch tree still exists — read the coverage it left and attribute failures.
 */
import type { Workspace } from '../ports';
import { attributeFailures, type BaselineFailures, type ChangedFile, type FailureAttribution } from './attribute';
import { cannotRun, type CannotRun } from './cannotRun';
import { collectCoverage } from './coverage/collect';
import { prepareCoverage } from './coverage/prepare';
import type { RunCoverage } from './coverage/runCoverage';
import type { FileOwnership } from './ownership';
import { parseTestOutputs } from './parsers';
import type { CommandResult, NetworkPolicy, ProcessRunner } from './runner';
import type { StagedFile, Stager } from './staging';
import type { TestTool } from './commandLine';
import type { TestFormat, TestReport } from './types';

export interface TestCommand {
  /** The exact command line that runs (the approved command, with Squad's reporter options). */
  readonly command: string;
  /** A report file the command writes (relative to the tree), read in addition to its output. */
  readonly reportFile?: string;
  readonly format?: TestFormat;
  /** The test tool the command calls, when known (a single test can then be run alone). */
  readonly tool?: TestTool;
}

export interface TestExecution {
  readonly stager: Stager;
  readonly runner: ProcessRunner;
  readonly command: TestCommand;
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  /** The environment for the command, already without secrets (the runner drops secret names again). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A Workspace over a scratch tree, so attribution sees the files the tests saw. */
  readonly workspaceAt: (dir: string) => Workspace;
  /** Removes secrets from the command's output and report before anything reads them (core/security). */
  readonly scrub?: (text: string) => string;
  /** What the sandboxed command may reach over the network (default: nothing but its own loopback). */
  readonly network?: NetworkPolicy;
  /** The user accepted, for this run, that commands run without an OS sandbox on this machine. */
  readonly allowUnsandboxed?: boolean;
}

export interface TestRunResult {
  readonly report: TestReport;
  readonly result: CommandResult;
  readonly attributions: readonly FailureAttribution[];
  /** Where the tests ran (removed by now): traces that name it are rewritten relative to the workspace. */
  readonly stagedDir: string;
  /** Set when the command never got to run its tests (a missing tool, script, module or path). */
  readonly cannotRun?: CannotRun;
  readonly coverage?: RunCoverage;
}

export interface AttributionInput {
  readonly changedFiles: ReadonlyMap<string, ChangedFile>;
  readonly testFileOwners: ReadonlyMap<string, string>;
  readonly ownership?: ReadonlyMap<string, FileOwnership>;
  /** What the squad was asked to build (request, plan, tasks). */
  readonly spec?: string;
  /** The tasks whose role owns a path (agent files' `owns`). */
  readonly ownedBy?: (path: string) => readonly string[];
}

export interface RunOptions {
  /** Collect what each test process executed, as evidence for attribution. */
  readonly coverage?: boolean;
  /** What failed without any proposal. */
  readonly baseline?: BaselineFailures;
}

export const DEFAULT_TEST_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 2 * 1024 * 1024;
const REPORT_FILE_FACTOR = 8;
/** Coverage files of a large suite run to megabytes; past this they are not read (attribution does without). */
const MAX_COVERAGE_BYTES = 64 * 1024 * 1024;

/** Runs the tests on the files; attributes failures when `attribution` is given. */
export async function runTestsOn(
  files: readonly StagedFile[],
  execution: TestExecution,
  attribution: AttributionInput | undefined,
  signal: AbortSignal,
  options: RunOptions = {},
): Promise<TestRunResult> {
  const tree = await execution.stager.stage(files, signal);
  try {
    const env = options.coverage ? await prepareCoverage(tree, execution.env) : execution.env;
    const ran = await execution.runner.run(execution.command.command, {
      cwd: tree.dir,
      env,
      timeoutMs: execution.timeoutMs,
      maxOutputBytes: execution.maxOutputBytes,
      signal,
      sandbox: { ...tree.sandbox, network: execution.network ?? { kind: 'none' } },
      ...(execution.allowUnsandboxed ? { allowUnsandboxed: true } : {}),
    });
    // Scrubbed here, once: failures, traces, the raw tail, the journal, prompts and the UI all derive from these texts.
    const scrub = execution.scrub ?? ((text: string) => text);
    const result: CommandResult = { ...ran, output: scrub(ran.output) };
    const texts = [result.output];
    if (execution.command.reportFile) {
      // A report far larger than the captured output (megabytes of failure text) is not read: the capped output stands in.
      const report = await tree.readFile(execution.command.reportFile, REPORT_FILE_FACTOR * execution.maxOutputBytes);
      if (report !== undefined) texts.push(scrub(report));
    }
    const parsed = parseTestOutputs(texts);
    const report: TestReport = { ...parsed, ...(result.exitCode === null ? {} : { exitCode: result.exitCode }) };
    const why = cannotRun(result, report);
    const workspace = execution.workspaceAt(tree.dir);
    const coverage = options.coverage && report.failures.length > 0
      ? await collectCoverage(await tree.readArtefacts(MAX_COVERAGE_BYTES), tree.dir, workspace, report)
      : undefined;
    const attributions = report.failures.length === 0 || attribution === undefined
      ? []
      : await attributeFailures(report, {
          workspace,
          ...attribution,
          ...(coverage?.known ? { coverage } : {}),
          ...(options.baseline ? { baseline: options.baseline } : {}),
        });
    return { report, result, attributions, stagedDir: tree.dir, ...(why ? { cannotRun: why } : {}), ...(coverage ? { coverage } : {}) };
  } finally {
    await tree.dispose();
  }
}

/** Whether a run counts as green: it exited 0 and no test failed. */
export function testsPassed(run: TestRunResult): boolean {
  return run.result.exitCode === 0 && run.report.failed === 0 && !run.result.timedOut;
}
