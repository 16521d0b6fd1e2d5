/**
 * Whether this run's tests may run, and how: the command from `squad.testCommand` or detected;
 * never in an untrusted workspace; only once the user approved that exact command for this
 * workspace (asked in a modal, remembered in the workspace storage).
 */
import { cancelledError } from '../../core/common/errors';
import { TestCommandApprovals } from '../../core/testing/approval';
import { detectTestCommand, resolveTestCommand } from '../../core/testing/detect';
import { DEFAULT_MAX_OUTPUT_BYTES, type TestExecution } from '../../core/testing/execution';
import { SUMMARY_NOISE_GLOBS } from '../../core/workspace/summary';
import type { Storage, Workspace } from '../../core/ports';
import { createFsWorkspace } from '../../node/fsWorkspace';
import { createProcessRunner } from '../../node/processRunner';
import { createStager } from '../../node/staging';
import type { Settings } from '../settings';
import type { HostPorts } from './ports';

export type TestGate =
  | { readonly kind: 'run'; readonly execution: TestExecution; readonly source: 'user' | 'detected' }
  | { readonly kind: 'skip'; readonly why: string; readonly untrusted?: boolean };

export interface TestGateInput {
  readonly root: string;
  readonly workspace: Workspace;
  readonly storage: Storage;
  readonly settings: Settings;
  readonly ports: HostPorts;
  readonly signal: AbortSignal;
}

export async function decideTests(input: TestGateInput): Promise<TestGate> {
  const { settings, ports } = input;
  const user = settings.testCommand;
  const detected = user ? undefined : await detectTestCommand(input.workspace, { signal: input.signal });
  const command = resolveTestCommand({ ...(user ? { userCommand: user } : {}), ...(detected ? { detected } : {}) });
  if (!command) return { kind: 'skip', why: 'no test command was found in the workspace; set squad.testCommand to run tests' };
  // What the user approves is the command as the project (or the setting) states it; the reporter
  // options Squad adds to read the results are shown, not part of the approval.
  const approved = user || detected?.command || command.command;
  if (!ports.isTrusted()) {
    return {
      kind: 'skip',
      untrusted: true,
      why: `the workspace is not trusted, so Squad runs no command in it ("${approved}" did not run); trust the workspace to let the tests run`,
    };
  }
  const approvals = new TestCommandApprovals(input.storage, ports.clock ? () => ports.clock!.now() : Date.now);
  if (!(await approvals.isApproved(input.root, approved))) {
    const yes = await ports.confirmTestCommand({ command: approved, runs: command.command, reason: command.reason });
    if (input.signal.aborted) throw cancelledError(input.signal);
    if (!yes) return { kind: 'skip', why: `you did not allow "${approved}" to run for this workspace` };
    await approvals.approve(input.root, approved);
  }
  return {
    kind: 'run',
    source: command.source,
    execution: {
      stager: createStager(input.root),
      runner: createProcessRunner(),
      command,
      timeoutMs: settings.testTimeoutSeconds * 1000,
      maxOutputBytes: DEFAULT_MAX_OUTPUT_BYTES,
      env: ports.env,
      workspaceAt: (dir) => createFsWorkspace(dir, { ignoreGlobs: SUMMARY_NOISE_GLOBS }),
    },
  };
}
