/**
 * Whether a run's tests may run, and how: the command (the user's, or detected), never in an
 * untrusted workspace, the sandbox this machine offers, and the user's approval of the command
 * with the files that define it — asked through the front end's port when not given before.
 * Everything here is decided once per run; the loop re-checks the definition before each run.
 */
import { cancelledError } from '../common/errors';
import type { Storage, Workspace } from '../ports';
import type { RunSession } from '../run/session';
import { TestCommandApprovals } from './approval';
import { definitionOn, TestAuthority, type TestApprovalPort } from './authority';
import { BaselineRun } from './baseline';
import { detectTestCommand, resolveTestCommand, type ResolvedTestCommand } from './detect';
import type { TestExecution } from './execution';
import type { SandboxInfo } from './runner';

export interface TestEnvironment {
  /** The command the user set (flag or setting); empty: detect it. */
  readonly userCommand?: string;
  /** A workspace the user does not trust runs no command at all. */
  readonly trusted: boolean;
  /** What the machine's sandbox can do (asked once). */
  readonly sandbox: () => Promise<SandboxInfo>;
  /** Builds the node side of a run of this command: stager, runner, scrubbed env, network policy. */
  readonly execution: (command: ResolvedTestCommand, sandbox: SandboxInfo) => Promise<TestExecution>;
}

export type TestPlan =
  | {
      readonly kind: 'run';
      readonly command: ResolvedTestCommand;
      /** The command as the project states it: what the user approves. */
      readonly approved: string;
      readonly execution: TestExecution;
      readonly authority: TestAuthority;
      readonly baseline: BaselineRun;
    }
  | { readonly kind: 'skip'; readonly why: string; readonly untrusted: boolean };

export interface TestSetupInput {
  readonly root: string;
  readonly workspace: Workspace;
  readonly storage: Storage;
  readonly session: RunSession;
  readonly environment: TestEnvironment;
  readonly approvals: TestApprovalPort;
  readonly signal: AbortSignal;
  readonly now?: () => number;
}

export async function setUpTests(input: TestSetupInput): Promise<TestPlan> {
  const { environment: env, signal } = input;
  const user = env.userCommand?.trim();
  const detected = user ? undefined : await detectTestCommand(input.workspace, { signal });
  const command = resolveTestCommand({ ...(user ? { userCommand: user } : {}), ...(detected ? { detected } : {}) });
  if (!command) return { kind: 'skip', untrusted: false, why: 'no test command was found in the workspace; set one to run tests (squad.testCommand, or --test-cmd)' };
  // What the user approves is the command as the project (or the setting) states it; the reporter
  // options Squad adds to read the results are shown, not part of the approval.
  const approved = user || detected?.command || command.command;
  if (!env.trusted) {
    return { kind: 'skip', untrusted: true, why: `the workspace is not trusted, so Squad runs no command in it ("${approved}" did not run); trust the workspace to let the tests run` };
  }
  const sandbox = await env.sandbox();
  const authority = new TestAuthority({
    root: input.root,
    approvals: new TestCommandApprovals(input.storage, input.now),
    session: input.session,
    port: input.approvals,
    sandbox,
    command: approved,
    runs: command.command,
    reason: command.reason,
  });
  const definition = () => definitionOn(approved, input.workspace, [], signal);
  const verdict = await authority.check(await definition(), signal, 'ask');
  if (signal.aborted) throw cancelledError(signal);
  if (!verdict.allowed) return { kind: 'skip', untrusted: false, why: `you did not allow "${approved}" to run` };
  // Without a sandbox, the user's answer above accepted that for this run (it is journaled).
  const execution = { ...(await env.execution(command, sandbox)), ...(sandbox.kind === 'none' ? { allowUnsandboxed: true } : {}) };
  const baseline = new BaselineRun({ execution, session: input.session, storage: input.storage, definition });
  return { kind: 'run', command, approved, execution, authority, baseline };
}
