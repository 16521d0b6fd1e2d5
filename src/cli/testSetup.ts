/** `squad run`'s test options: which command, whether the user approved it, and how it runs. */
import { TestCommandApprovals } from '../core/testing/approval';
import { detectTestCommand, resolveTestCommand } from '../core/testing/detect';
import { DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_TEST_TIMEOUT_MS, type TestExecution } from '../core/testing/execution';
import { SUMMARY_NOISE_GLOBS } from '../core/workspace/summary';
import { createFsWorkspace } from '../node/fsWorkspace';
import { createProcessRunner } from '../node/processRunner';
import { createStager } from '../node/staging';
import { usageError } from './args';
import type { CliIO } from './io';
import type { Prepared } from './runSetup';

export const DEFAULT_MAX_FIX_ROUNDS = 3;

export interface TestOptions {
  readonly testCmd?: string;
  readonly yes: boolean;
  readonly maxFixRounds: number;
  readonly timeoutMs: number;
}

export type TestPlan =
  | { readonly kind: 'run'; readonly execution: TestExecution; readonly source: 'user' | 'detected' }
  | { readonly kind: 'skip'; readonly why: string };

export function parseTestOptions(values: { 'test-cmd'?: string; yes?: boolean; 'max-fix-rounds'?: string; 'test-timeout'?: string }): TestOptions {
  const rounds = values['max-fix-rounds'];
  const maxFixRounds = rounds === undefined ? DEFAULT_MAX_FIX_ROUNDS : Number(rounds);
  if (rounds !== undefined && (!/^\d+$/.test(rounds) || maxFixRounds > 10)) throw usageError(`--max-fix-rounds takes a whole number from 0 to 10, got "${rounds}".`);
  const timeout = values['test-timeout'];
  const timeoutMs = timeout === undefined ? DEFAULT_TEST_TIMEOUT_MS : Number(timeout) * 1000;
  if (timeout !== undefined && (!/^\d+$/.test(timeout) || timeoutMs < 1000)) throw usageError(`--test-timeout takes whole seconds (at least 1), got "${timeout}".`);
  const testCmd = values['test-cmd']?.trim();
  return { ...(testCmd ? { testCmd } : {}), yes: values.yes === true, maxFixRounds, timeoutMs };
}

/**
 * The command runs only once the user approved it for this workspace: `--yes` approves (and is
 * remembered for the workspace, for this exact command); without it a command that was never
 * approved is shown and skipped.
 */
export async function planTests(prepared: Prepared, options: TestOptions, io: CliIO): Promise<TestPlan> {
  const detected = options.testCmd ? undefined : await detectTestCommand(prepared.workspace, io.signal ? { signal: io.signal } : {});
  const command = resolveTestCommand({ ...(options.testCmd ? { userCommand: options.testCmd } : {}), ...(detected ? { detected } : {}) });
  if (!command) return { kind: 'skip', why: 'no test command found in the workspace; pass --test-cmd CMD to run tests' };
  // What the user approves is the command as the project states it; the reporter options Squad
  // adds to read the results are shown, not part of the approval.
  const approved = options.testCmd ?? detected?.command ?? command.command;
  const approvals = new TestCommandApprovals(prepared.storage);
  if (options.yes) await approvals.approve(prepared.root, approved);
  else if (!(await approvals.isApproved(prepared.root, approved))) {
    return { kind: 'skip', why: `the test command \`${approved}\` (${command.reason}) is not approved for this workspace; run again with --yes to approve it` };
  }
  return {
    kind: 'run',
    source: command.source,
    execution: {
      stager: createStager(prepared.root),
      runner: createProcessRunner(),
      command,
      timeoutMs: options.timeoutMs,
      maxOutputBytes: DEFAULT_MAX_OUTPUT_BYTES,
      env: io.env,
      workspaceAt: (dir) => createFsWorkspace(dir, { ignoreGlobs: SUMMARY_NOISE_GLOBS }),
    },
  };
}
