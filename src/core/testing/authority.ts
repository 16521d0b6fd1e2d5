/**
 * The one place that decides whether a test command may run on a given tree: the command and
 * the files that define it must match what the user allowed — for this run (journaled) or for
 * the workspace (remembered, sandboxed runs only). When they differ, the user is asked through
 * the front end's port with the diff of the defining files, and the answer is journaled.
 */
import { cancelledError } from '../common/errors';
import type { Workspace } from '../ports';
import type { RunSession } from '../run/session';
import type { TestCommandApprovals } from './approval';
import { compareDefinitions, readTestDefinition, type DefinitionChange, type DefinitionSource, type TestDefinition } from './definition';
import type { SandboxInfo } from './runner';
import type { StagedFile } from './staging';

export type TestApprovalAnswer = 'workspace' | 'run' | 'deny';

export interface TestApprovalRequest {
  /** The command as the project states it (what the user approves). */
  readonly command: string;
  /** The exact line that runs (with the reporter options Squad adds to read results). */
  readonly runs: string;
  /** Why this command (detection, or the user's setting). */
  readonly reason: string;
  readonly sandbox: SandboxInfo;
  /** Empty the first time; otherwise what changed since the approval, as diffs. */
  readonly changes: readonly DefinitionChange[];
  /** The files that define the command, as they would run. */
  readonly files: readonly string[];
}

/** How a front end asks the user (the CLI answers from --yes; the extension shows the gate). */
export interface TestApprovalPort {
  ask(request: TestApprovalRequest, signal: AbortSignal): Promise<TestApprovalAnswer>;
}

export type AuthorityVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly why: 'denied' | 'needs-approval'; readonly changes: readonly DefinitionChange[] };

export interface TestAuthorityOptions {
  readonly root: string;
  readonly approvals: TestCommandApprovals;
  readonly session: RunSession;
  readonly port: TestApprovalPort;
  readonly sandbox: SandboxInfo;
  /** The approved form of the command and the line that runs. */
  readonly command: string;
  readonly runs: string;
  readonly reason: string;
}

export class TestAuthority {
  constructor(private readonly o: TestAuthorityOptions) {}

  get sandbox(): SandboxInfo {
    return this.o.sandbox;
  }

  get command(): string {
    return this.o.command;
  }

  /**
   * Whether the command may run on a tree with this definition. `ask`: put the question to the
   * user when it is not allowed yet; otherwise only report (the QA agent's own test runs never
   * wait on the user: the loop asks after its task).
   */
  async check(definition: TestDefinition, signal: AbortSignal, mode: 'ask' | 'report'): Promise<AuthorityVerdict> {
    const standing = await this.standing();
    if (standing.some((d) => sameDefinition(d, definition))) return { allowed: true };
    const latest = standing[standing.length - 1];
    const changes = latest ? compareDefinitions(latest, definition) : [];
    if (mode === 'report') return { allowed: false, why: 'needs-approval', changes };
    const answer = await this.ask(definition, changes, signal);
    return answer === 'deny' ? { allowed: false, why: 'denied', changes } : { allowed: true };
  }

  /** Definitions allowed now: the workspace's (only while sandboxed), then this run's, oldest first. */
  private async standing(): Promise<TestDefinition[]> {
    const out: TestDefinition[] = [];
    if (this.o.sandbox.kind !== 'none') {
      const remembered = await this.o.approvals.approved(this.o.root);
      if (remembered) out.push(remembered);
    }
    out.push(...this.o.session.state.tests.approval.allowed);
    return out;
  }

  private async ask(definition: TestDefinition, changes: readonly DefinitionChange[], signal: AbortSignal): Promise<TestApprovalAnswer> {
    const { session } = this.o;
    const pending = session.state.tests.approval.pending;
    // A question journaled before a crash is asked again as it was, not journaled twice.
    if (!pending || !sameDefinition(pending.definition, definition)) {
      await session.emit({
        type: 'tests.approvalRequested',
        command: this.o.command,
        ...(this.o.runs !== this.o.command ? { runs: this.o.runs } : {}),
        reason: this.o.reason,
        sandbox: { kind: this.o.sandbox.kind, description: this.o.sandbox.description },
        changes: changes.map((c) => ({ path: c.path, kind: c.kind, diff: c.diff })),
        definition: { command: definition.command, files: definition.files.map((f) => ({ ...f })) },
      });
    }
    const request: TestApprovalRequest = {
      command: this.o.command,
      runs: this.o.runs,
      reason: this.o.reason,
      sandbox: this.o.sandbox,
      changes,
      files: definition.files.map((f) => f.path),
    };
    let answer = await this.o.port.ask(request, signal);
    if (signal.aborted) throw cancelledError(signal);
    // Without a sandbox nothing is remembered for the workspace: the approval holds for this run.
    if (answer === 'workspace' && this.o.sandbox.kind === 'none') answer = 'run';
    if (answer === 'workspace') await this.o.approvals.approve(this.o.root, definition);
    await session.emit({ type: 'tests.approvalDecided', answer, by: 'user' });
    return answer;
  }
}

export function sameDefinition(a: TestDefinition, b: TestDefinition): boolean {
  return a.command === b.command && compareDefinitions(a, b).length === 0;
}

/** The definition as it would run on the workspace plus these proposed files. */
export function definitionOn(command: string, workspace: Workspace, files: readonly StagedFile[], signal?: AbortSignal): Promise<TestDefinition> {
  return readTestDefinition(command, overlaySource(workspace, files, signal));
}

function overlaySource(workspace: Workspace, files: readonly StagedFile[], signal?: AbortSignal): DefinitionSource {
  const proposed = new Map(files.map((f) => [f.path, f.content]));
  return {
    async listFiles() {
      const listed = new Set(await workspace.listFiles(signal ? { signal } : {}));
      for (const [path, content] of proposed) {
        if (content === undefined) listed.delete(path);
        else listed.add(path);
      }
      return [...listed];
    },
    async read(path) {
      if (proposed.has(path)) return proposed.get(path);
      const stat = await workspace.stat(path);
      if (stat?.type !== 'file') return undefined;
      return new TextDecoder().decode(await workspace.readFile(path));
    },
  };
}
